package org.imihub.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.imihub.app.support.DemoPki;
import org.imihub.app.support.HubIT;
import org.imihub.client.Acknowledgements;
import org.imihub.client.Envelopes;
import org.imihub.client.HubClient;
import org.imihub.client.VerifiedDelivery;
import org.imihub.connectors.mailbox.MailboxWaiters;
import org.imihub.contract.hub.v1.AcknowledgementBatch;
import org.imihub.contract.hub.v1.AcknowledgementOutcomes;
import org.imihub.contract.hub.v1.Mailbox;
import org.imihub.contract.xml.ContractJaxb;
import org.imihub.contract.xml.SecureXml;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A pulling back office's two calls for many deliveries: the listing carries the hub-signed
 * documents, and one call acknowledges many, each acknowledgement checked on its own.
 */
class MailboxBatchIT extends HubIT {
  @Autowired JdbcTemplate jdbc;
  @Autowired MailboxWaiters waiters;

  private HubClient dk;
  private HubClient hu;

  @BeforeEach
  void emptyMailbox() {
    dk = client("DK-STPS");
    hu = client("HU-EEKH");
    for (List<Mailbox.Entry> entries = dk.mailboxWithDocuments(Duration.ZERO);
        !entries.isEmpty();
        entries = dk.mailboxWithDocuments(Duration.ZERO)) {
      dk.acknowledge(entries.stream().map(dk::verify).toList());
    }
  }

  @Test
  void deliveriesAreListedWithTheirDocumentsAndAcknowledgedInOneCall() {
    List<String> deliveryIds = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      deliveryIds.add(sentToDk());
    }
    List<Mailbox.Entry> entries = awaitListed(3);

    assertThat(entries).extracting(Mailbox.Entry::getDeliveryId).hasSameElementsAs(deliveryIds);
    for (Mailbox.Entry entry : entries) {
      assertThat(entry.getDocument())
          .as("byte for byte what a fetch answers")
          .isEqualTo(dk.getRaw("/api/v1/mailbox/" + entry.getDeliveryId()).body());
    }
    List<VerifiedDelivery> verified = entries.stream().map(dk::verify).toList();
    assertThat(verified).extracting(VerifiedDelivery::deliveryId).hasSameElementsAs(deliveryIds);

    List<AcknowledgementOutcomes.Outcome> outcomes = dk.acknowledge(verified);

    assertThat(outcomes)
        .extracting(AcknowledgementOutcomes.Outcome::getCode)
        .containsOnly("ACKNOWLEDGED");
    assertThat(outcomes)
        .extracting(AcknowledgementOutcomes.Outcome::getDeliveryId)
        .containsExactlyElementsOf(verified.stream().map(VerifiedDelivery::deliveryId).toList());
    assertThat(dk.mailbox()).isEmpty();
    for (String deliveryId : deliveryIds) {
      assertThat(status(deliveryId)).isEqualTo("ACKNOWLEDGED");
      assertThat(
              jdbc.queryForObject(
                  "select count(*) from audit_event where action = 'ACKNOWLEDGE' and subject = ?"
                      + " and outcome = 'ACKNOWLEDGED'",
                  Long.class,
                  deliveryId))
          .isOne();
    }
  }

  @Test
  void eachBadAcknowledgementIsRefusedAloneAndTheOthersTaken() {
    String first = sentToDk();
    String second = sentToDk();
    List<VerifiedDelivery> listed = awaitListed(2).stream().map(dk::verify).toList();
    VerifiedDelivery good =
        listed.stream().filter(d -> d.deliveryId().equals(first)).findFirst().orElseThrow();
    VerifiedDelivery other =
        listed.stream().filter(d -> d.deliveryId().equals(second)).findFirst().orElseThrow();
    String unknown = "no-such-message~DK-STPS";

    List<AcknowledgementOutcomes.Outcome> outcomes =
        outcomes(
            post(
                batch(
                    ack(dk, good),
                    // signed by someone else than the recipient
                    Acknowledgements.sign(
                        DemoPki.signer("DE-BAEK"), second, other.messageId(), "DK-STPS"),
                    "not xml".getBytes(StandardCharsets.UTF_8),
                    Acknowledgements.sign(dk.signer(), unknown, "no-such-message", "DK-STPS"),
                    // the same delivery, for another message
                    Acknowledgements.sign(dk.signer(), second, "another-message", "DK-STPS"),
                    ack(dk, good))));

    assertThat(outcomes)
        .extracting(
            AcknowledgementOutcomes.Outcome::getDeliveryId,
            AcknowledgementOutcomes.Outcome::getCode)
        .containsExactly(
            tuple(first, "ACKNOWLEDGED"),
            tuple(null, "ACKNOWLEDGEMENT_INVALID"),
            tuple(null, "MALFORMED_XML"),
            tuple(unknown, "DELIVERY_NOT_FOUND"),
            tuple(second, "ACKNOWLEDGEMENT_INVALID"),
            tuple(first, "ACKNOWLEDGED"));
    assertThat(outcomes.get(1).getDetail()).contains("not signed by DK-STPS");
    assertThat(status(first)).isEqualTo("ACKNOWLEDGED");
    assertThat(dk.mailbox())
        .as("only the delivery no good acknowledgement named is left")
        .extracting(Mailbox.Entry::getDeliveryId)
        .containsExactly(second);
    assertThat(
            jdbc.queryForObject(
                "select count(*) from audit_event where action = 'ACKNOWLEDGE' and subject = ?"
                    + " and outcome = 'ACKNOWLEDGED'",
                Long.class,
                first))
        .as("acknowledged once, though named twice")
        .isOne();
    assertThat(
            jdbc.queryForObject(
                "select count(*) from audit_event where action = 'ACKNOWLEDGE' and subject = ?"
                    + " and outcome = 'DELIVERY_NOT_FOUND'",
                Long.class,
                unknown))
        .isOne();
  }

  @Test
  void aBatchThatIsNotOneIsRefusedWholeAndChangesNothing() {
    String waiting = sentToDk();
    VerifiedDelivery delivery = dk.verify(awaitListed(1).get(0));
    byte[] goodAck = ack(dk, delivery);

    assertThat(problem(post("<AcknowledgementBatch".getBytes(StandardCharsets.UTF_8))))
        .isEqualTo("MALFORMED_XML");
    assertThat(problem(post(batch()))).as("none").isEqualTo("SCHEMA_VIOLATION");
    assertThat(problem(post(batch(Collections.nCopies(101, goodAck).toArray(byte[][]::new)))))
        .as("more than a hundred")
        .isEqualTo("SCHEMA_VIOLATION");
    assertThat(problem(post(SecureXml.toBytes(ContractJaxb.write(new Mailbox())))))
        .as("another document")
        .isEqualTo("REQUEST_INVALID");
    assertThat(problem(post(new byte[3 * 1024 * 1024]))).isEqualTo("MESSAGE_TOO_LARGE");
    assertThat(problem(dk.getRaw("/api/v1/mailbox?documents=perhaps")))
        .as("documents is true or false")
        .isEqualTo("REQUEST_INVALID");

    assertThat(dk.mailbox()).extracting(Mailbox.Entry::getDeliveryId).containsExactly(waiting);
    assertThat(status(waiting)).isEqualTo("IN_MAILBOX");
  }

  @Test
  void aWaitingListingWithDocumentsIsAnsweredWithTheDocument() {
    int before = waiters.waitingCalls();
    CompletableFuture<List<Mailbox.Entry>> waiting =
        CompletableFuture.supplyAsync(() -> dk.mailboxWithDocuments(Duration.ofSeconds(60)));
    await().atMost(Duration.ofSeconds(10)).until(() -> waiters.waitingCalls() == before + 1);

    String deliveryId = sentToDk();

    List<Mailbox.Entry> entries =
        await().atMost(Duration.ofSeconds(15)).until(() -> waiting.getNow(null), e -> e != null);
    assertThat(entries)
        .singleElement()
        .satisfies(entry -> assertThat(dk.verify(entry).deliveryId()).isEqualTo(deliveryId));
    assertThat(dk.acknowledge(entries.stream().map(dk::verify).toList()))
        .extracting(AcknowledgementOutcomes.Outcome::getCode)
        .containsExactly("ACKNOWLEDGED");
  }

  @Test
  void theCommandLineClientTakesWhatWaitsInTwoCalls() {
    String deliveryId = sentToDk();
    awaitListed(1);

    int exit = cli("DK-STPS", "take", "--wait", "1");

    assertThat(exit).isZero();
    assertThat(status(deliveryId)).isEqualTo("ACKNOWLEDGED");
    assertThat(dk.mailbox()).isEmpty();
  }

  @Test
  void theBatchCallsArePublishedInTheContract() {
    assertThat(new String(dk.getRaw("/api/v1/openapi").body()))
        .contains("/api/v1/mailbox/acknowledgements", "documents");
    assertThat(new String(dk.getRaw("/api/v1/contract/xsd/hub-v1.xsd").body()))
        .contains("AcknowledgementBatch", "AcknowledgementOutcomes");
  }

  private String sentToDk() {
    Envelopes request = Envelopes.request("HU-EEKH", "DK-STPS");
    hu.submit(request.signedBy(hu.signer()));
    return request.messageId() + "~DK-STPS";
  }

  private List<Mailbox.Entry> awaitListed(int count) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> dk.mailboxWithDocuments(Duration.ofSeconds(1)), e -> e.size() == count);
  }

  private static byte[] ack(HubClient recipient, VerifiedDelivery delivery) {
    return Acknowledgements.sign(
        recipient.signer(), delivery.deliveryId(), delivery.messageId(), recipient.authorityId());
  }

  private static byte[] batch(byte[]... acknowledgements) {
    AcknowledgementBatch batch = new AcknowledgementBatch();
    batch.getAcknowledgement().addAll(List.of(acknowledgements));
    return SecureXml.toBytes(ContractJaxb.write(batch));
  }

  private HttpResponse<byte[]> post(byte[] body) {
    return dk.postRaw("/api/v1/mailbox/acknowledgements", "application/xml", body);
  }

  private static List<AcknowledgementOutcomes.Outcome> outcomes(HttpResponse<byte[]> response) {
    assertThat(response.statusCode()).isEqualTo(200);
    return ContractJaxb.read(
            SecureXml.parse(response.body()).getDocumentElement(), AcknowledgementOutcomes.class)
        .getOutcome();
  }

  private static String problem(HttpResponse<byte[]> response) {
    assertThat(response.statusCode()).isBetween(400, 499);
    return HubClient.problem(response).code();
  }

  private String status(String deliveryId) {
    return jdbc.queryForObject(
        "select status from delivery where id = ?", String.class, deliveryId);
  }
}
