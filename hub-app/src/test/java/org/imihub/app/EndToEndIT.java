package org.imihub.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.imihub.app.support.DemoPki;
import org.imihub.app.support.HubIT;
import org.imihub.app.support.WebhookReceiver;
import org.imihub.client.Acknowledgements;
import org.imihub.client.Envelopes;
import org.imihub.client.HubClient;
import org.imihub.client.HubProblemException;
import org.imihub.client.VerifiedDelivery;
import org.imihub.client.cli.ImiHubCli;
import org.imihub.contract.hub.v1.DeliveryStatusType;
import org.imihub.contract.hub.v1.Exchange;
import org.imihub.routes.directory.ConnectorType;
import org.junit.jupiter.api.Test;

/**
 * A signed request from one back office to another, through real HTTPS, Artemis and both
 * connectors.
 */
class EndToEndIT extends HubIT {

  // HU-EEKH sends; FR-CNOM (mailbox) lists, fetches, verifies both signatures, acknowledges.
  @Test
  void requestReachesMailboxVerifiedAndIsAcknowledged() {
    HubClient hu = client("HU-EEKH");
    HubClient fr = client("FR-CNOM");
    Envelopes request =
        Envelopes.request("HU-EEKH", "FR-CNOM")
            .language("hu")
            .questions("PQ-DIPLOMA-GENUINE")
            .freeText("hu", "Kérjük, erősítsék meg az oklevél valódiságát.");
    hu.submit(request.signedBy(hu.signer()));

    VerifiedDelivery delivery = awaitInMailbox("FR-CNOM", request.messageId());
    assertThat(delivery.envelope().getHeader().getSender()).isEqualTo("HU-EEKH");
    assertThat(delivery.recipient()).isEqualTo("FR-CNOM");
    assertThat(delivery.signerCertificate()).isEqualTo(DemoPki.identity("HU-EEKH").certificate());
    assertThat(delivery.envelope().getBody().getFreeText().get(0).getValue())
        .isEqualTo("Kérjük, erősítsék meg az oklevél valódiságát.");

    fr.acknowledge(delivery);
    assertThatThrownBy(() -> fr.fetch(delivery.deliveryId()))
        .as("gone from the mailbox once acknowledged")
        .isInstanceOf(HubProblemException.class);

    Exchange seenBySender = hu.exchange(request.exchangeId());
    assertThat(seenBySender.getState()).isEqualTo("SENT");
    assertThat(seenBySender.getMessage())
        .singleElement()
        .satisfies(
            message ->
                assertThat(message.getDelivery())
                    .singleElement()
                    .satisfies(
                        d -> {
                          assertThat(d.getRecipient()).isEqualTo("FR-CNOM");
                          assertThat(d.getStatus()).isEqualTo(DeliveryStatusType.ACKNOWLEDGED);
                        }));
    assertThat(fr.exchange(request.exchangeId()).getExchangeId()).isEqualTo(request.exchangeId());
  }

  // The API port keeps Spring Security's response headers, creates no session, and has none
  // of the management port's endpoints.
  @Test
  void apiAnswersCarrySecurityHeadersAndNoSession() {
    HubClient hu = client("HU-EEKH");

    var answer = hu.getRaw("/api/v1/mailbox");
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(answer.headers().firstValue("Cache-Control"))
        .hasValueSatisfying(value -> assertThat(value).contains("no-store"));
    assertThat(answer.headers().firstValue("Set-Cookie")).isEmpty();

    assertThat(hu.getRaw("/actuator/prometheus").statusCode()).isEqualTo(404);
  }

  // An authority not involved gets 404, exactly as for an exchange that does not exist.
  @Test
  void exchangeIsInvisibleToOthers() {
    HubClient hu = client("HU-EEKH");
    Envelopes request = Envelopes.request("HU-EEKH", "FR-CNOM");
    hu.submit(request.signedBy(hu.signer()));
    for (String exchangeId : new String[] {request.exchangeId(), "no-such-exchange"}) {
      assertThatThrownBy(() -> client("DE-BAEK").exchange(exchangeId))
          .isInstanceOfSatisfying(
              HubProblemException.class,
              problem -> {
                assertThat(problem.status()).isEqualTo(404);
                assertThat(problem.code()).isEqualTo("EXCHANGE_NOT_FOUND");
              });
    }
  }

  // PT-OM takes deliveries by webhook: pushed over mutual TLS, answered with a signed
  // acknowledgement.
  @Test
  void webhookDeliveryIsAcknowledged() throws Exception {
    try (WebhookReceiver pt = new WebhookReceiver("PT-OM")) {
      connect("PT-OM", ConnectorType.WEBHOOK, pt.endpoint());
      HubClient hu = client("HU-EEKH");
      Envelopes request = Envelopes.request("HU-EEKH", "PT-OM").questions("PQ-DIPLOMA-GENUINE");
      hu.submit(request.signedBy(hu.signer()));
      String deliveryId = request.messageId() + "~PT-OM";
      await().atMost(Duration.ofSeconds(30)).until(() -> pt.timesReceived(deliveryId) == 1);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> status(hu, request.exchangeId()) == DeliveryStatusType.ACKNOWLEDGED);
      assertThat(pt.received())
          .filteredOn(d -> d.deliveryId().equals(deliveryId))
          .singleElement()
          .satisfies(
              d ->
                  assertThat(d.envelope().getHeader().getMessageId())
                      .isEqualTo(request.messageId()));
    } finally {
      connect("PT-OM", ConnectorType.MAILBOX, null);
    }
  }

  // Mailbox bad input: another's delivery is not found; an acknowledgement signed by someone else
  // is refused.
  @Test
  void mailboxRefusesForeignAccessAndForeignAcknowledgements() {
    HubClient hu = client("HU-EEKH");
    HubClient dk = client("DK-STPS");
    Envelopes request = Envelopes.request("HU-EEKH", "DK-STPS");
    hu.submit(request.signedBy(hu.signer()));
    String deliveryId = request.messageId() + "~DK-STPS";
    awaitInMailbox("DK-STPS", request.messageId());

    assertThatThrownBy(() -> client("DE-BAEK").fetch(deliveryId))
        .isInstanceOfSatisfying(
            HubProblemException.class,
            problem -> assertThat(problem.code()).isEqualTo("DELIVERY_NOT_FOUND"));
    byte[] forged =
        Acknowledgements.sign(
            DemoPki.signer("DE-BAEK"), deliveryId, request.messageId(), "DK-STPS");
    var response = dk.postRaw("/api/v1/mailbox/" + deliveryId + "/ack", "application/xml", forged);
    assertThat(HubClient.problem(response).code()).isEqualTo("ACKNOWLEDGEMENT_INVALID");
    assertThat(dk.fetch(deliveryId).deliveryId()).as("still in the mailbox").isEqualTo(deliveryId);

    dk.acknowledge(dk.fetch(deliveryId));
    assertThatThrownBy(() -> dk.fetch(deliveryId)).isInstanceOf(HubProblemException.class);
  }

  // The contract is published: WSDL and XSDs (relative imports resolve) and the OpenAPI document.
  @Test
  void contractIsPublished() {
    HubClient hu = client("HU-EEKH");
    assertThat(new String(hu.getRaw("/api/v1/contract/wsdl/imi-hub-v1.wsdl").body()))
        .contains("sp:AsymmetricBinding");
    assertThat(new String(hu.getRaw("/api/v1/contract/xsd/envelope-v1.xsd").body()))
        .contains("urn:imi-hub:envelope:v1");
    assertThat(hu.getRaw("/api/v1/contract/xsd/nothing.xsd").statusCode()).isEqualTo(404);
    assertThat(new String(hu.getRaw("/api/v1/openapi").body())).contains("/api/v1/messages");
  }

  // The command-line client sends as HU-EEKH and reads, verified, as FR-CNOM: the README's
  // walkthrough.
  @Test
  void commandLineClientWalksTheReadmeSteps() {
    String[] common = {"--hub", "https://localhost:" + port, "--pki", "../config/demo-pki"};
    assertThat(
            ImiHubCli.run(
                concat(
                    new String[] {"--as", "HU-EEKH"},
                    common,
                    new String[] {
                      "send",
                      "--to",
                      "FR-CNOM",
                      "--text",
                      "from the command line",
                      "--answer",
                      "PQ-DIPLOMA-GENUINE=YesNo:true"
                    })))
        .isZero();
    assertThat(
            ImiHubCli.run(
                concat(new String[] {"--as", "FR-CNOM"}, common, new String[] {"mailbox"})))
        .isZero();
    assertThat(
            ImiHubCli.run(
                concat(
                    new String[] {"--as", "HU-EEKH"},
                    common,
                    new String[] {
                      "alert",
                      "--area",
                      "PROFESSIONAL_QUALIFICATIONS",
                      "--country",
                      "FR",
                      "--commission",
                      "--text",
                      "from the command line"
                    })))
        .isZero();
    assertThat(ImiHubCli.run(new String[] {"help"})).isZero();
    assertThatThrownBy(
            () ->
                ImiHubCli.run(
                    concat(new String[] {"--as", "HU-EEKH"}, common, new String[] {"send"})))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                ImiHubCli.run(
                    concat(
                        new String[] {"--as", "HU-EEKH"},
                        common,
                        new String[] {
                          "send", "--to", "FR-CNOM", "--answer", "PQ-DIPLOMA-GENUINE"
                        })))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CODE=TYPE:VALUE");
  }

  private static String[] concat(String[]... parts) {
    return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
  }

  static DeliveryStatusType status(HubClient client, String exchangeId) {
    return client.exchange(exchangeId).getMessage().get(0).getDelivery().get(0).getStatus();
  }
}
