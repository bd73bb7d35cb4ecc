package org.imihub.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import org.imihub.app.golden.GoldenMessages;
import org.imihub.app.support.DemoPki;
import org.imihub.app.support.HubIT;
import org.imihub.client.HubClient;
import org.imihub.client.HubProblemException;
import org.imihub.contract.hub.v1.Receipt;
import org.imihub.contract.signature.SigningIdentity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The golden messages over REST: each bad one gets its own error code, and nothing is stored. */
class RestGoldenMessagesIT extends HubIT {
  @Autowired JdbcTemplate jdbc;

  @BeforeEach
  void registerExpiredCertificate() {
    GoldenMessages.registerExpiredCertificate(directory);
  }

  // valid-request.xml → 200 with a receipt signed by the hub, naming the digest the sender signed.
  @Test
  void validRequestGetsSignedReceipt() throws Exception {
    Receipt receipt = client("HU-EEKH").submit(golden("valid-request.xml"));
    assertThat(receipt.getMessageId()).isEqualTo("golden-valid-request");
    assertThat(receipt.getSender()).isEqualTo("HU-EEKH");
  }

  // The same bytes again → the same receipt, and still one delivery.
  @Test
  void resendIsIdempotent() throws Exception {
    HubClient hu = client("HU-EEKH");
    byte[] message = golden("valid-request-with-attachment.xml");
    Receipt first = hu.submit(message);
    Receipt second = hu.submit(message);
    assertThat(second.getReceivedAt()).isEqualTo(first.getReceivedAt());
    assertThat(
            jdbc.queryForObject(
                "select count(*) from delivery where message_id = 'golden-valid-attachment'",
                Integer.class))
        .isLessThanOrEqualTo(1);
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "malformed.xml, MALFORMED_XML, 400",
    "xxe-external-entity.xml, DTD_FORBIDDEN, 400",
    "entity-expansion.xml, DTD_FORBIDDEN, 400",
    "schema-violation.xml, SCHEMA_VIOLATION, 400",
    "unsigned.xml, SIGNATURE_MISSING, 400",
    "tampered.xml, SIGNATURE_INVALID, 400",
    "wrapped.xml, SIGNATURE_WRAPPING, 400",
    "sha1-signature.xml, WEAK_ALGORITHM, 400",
    "unknown-signer.xml, SIGNER_UNKNOWN, 403",
    "expired-signer.xml, SIGNER_EXPIRED, 403",
    "signer-not-sender.xml, SIGNER_NOT_SENDER, 403",
    "valid-from-fr.xml, CALLER_NOT_SENDER, 403",
    "unknown-recipient.xml, RECIPIENT_UNKNOWN, 422",
    "unsupported-type.xml, UNSUPPORTED_MESSAGE_TYPE, 422",
    "attachment-digest-mismatch.xml, ATTACHMENT_DIGEST_MISMATCH, 400",
  })
  void badMessageIsRefusedWithItsCode(String file, String code, int status) throws Exception {
    long messagesBefore = count("message");
    long auditBefore = countAudit(code);
    assertThatThrownBy(() -> client("HU-EEKH").submit(golden(file)))
        .isInstanceOfSatisfying(
            HubProblemException.class,
            problem -> {
              assertThat(problem.code()).isEqualTo(code);
              assertThat(problem.status()).isEqualTo(status);
              assertThat(problem.detail()).isNotBlank();
            });
    assertThat(count("message")).as("nothing stored").isEqualTo(messagesBefore);
    assertThat(countAudit(code)).as("audited").isEqualTo(auditBefore + 1);
  }

  // A body over the configured limit (10 MB) → MESSAGE_TOO_LARGE before it is parsed.
  @Test
  void oversizedMessageIsRefused() {
    byte[] huge = new byte[11 * 1024 * 1024];
    var response = client("HU-EEKH").postRaw("/api/v1/messages", "application/xml", huge);
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(HubClient.problem(response).code()).isEqualTo("MESSAGE_TOO_LARGE");
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+xml"));
  }

  // Not XML at all → UNSUPPORTED_MEDIA_TYPE.
  @Test
  void wrongContentTypeIsRefused() {
    var response =
        client("HU-EEKH").postRaw("/api/v1/messages", "application/json", "{}".getBytes());
    assertThat(HubClient.problem(response).code()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
  }

  // The same message id with other content → MESSAGE_ID_REUSED; the first message stands.
  @Test
  void reusedMessageIdIsRefused() throws Exception {
    HubClient hu = client("HU-EEKH");
    byte[] first =
        org.imihub.client.Envelopes.request("HU-EEKH", "FR-CNOM")
            .messageId("reused-id-1")
            .freeText("hu", "first")
            .signedBy(hu.signer());
    byte[] second =
        org.imihub.client.Envelopes.request("HU-EEKH", "FR-CNOM")
            .messageId("reused-id-1")
            .freeText("hu", "second")
            .signedBy(hu.signer());
    hu.submit(first);
    assertThatThrownBy(() -> hu.submit(second))
        .isInstanceOfSatisfying(
            HubProblemException.class,
            problem -> assertThat(problem.code()).isEqualTo("MESSAGE_ID_REUSED"));
  }

  // A certificate from the trusted CA that no authority registered → CLIENT_CERTIFICATE_UNKNOWN
  // (403).
  @Test
  void unregisteredClientCertificateIsRefused() throws Exception {
    SigningIdentity stranger = GoldenMessages.issuedByDemoCa("CN=stranger", false);
    HubClient client =
        new HubClient(
            java.net.URI.create("https://localhost:" + port),
            "XX-STRANGER",
            stranger,
            DemoPki.cas(),
            DemoPki.hubCertificate());
    assertThatThrownBy(client::mailbox)
        .isInstanceOfSatisfying(
            HubProblemException.class,
            problem -> {
              assertThat(problem.code()).isEqualTo("CLIENT_CERTIFICATE_UNKNOWN");
              assertThat(problem.status()).isEqualTo(403);
            });
  }

  // What Spring refuses before any controller runs still comes as problem+xml with a code.
  @Test
  void frameworkRefusalsAreProblemsToo() {
    HubClient hu = client("HU-EEKH");
    assertThat(HubClient.problem(hu.getRaw("/api/v1/nothing-here")).code())
        .isEqualTo("RESOURCE_NOT_FOUND");
    assertThat(HubClient.problem(hu.getRaw("/api/v1/messages")).code())
        .isEqualTo("REQUEST_INVALID");
    assertThat(HubClient.problem(hu.getRaw("/api/v1/mailbox?limit=lots")).code())
        .isEqualTo("REQUEST_INVALID");
  }

  // A request to two authorities → RECIPIENTS_INVALID: a request goes to exactly one.
  @Test
  void requestToTwoRecipientsIsRefused() {
    HubClient hu = client("HU-EEKH");
    byte[] request =
        org.imihub.client.Envelopes.request("HU-EEKH", "FR-CNOM", "PT-OM").signedBy(hu.signer());
    assertThatThrownBy(() -> hu.submit(request))
        .isInstanceOfSatisfying(
            HubProblemException.class,
            problem -> assertThat(problem.code()).isEqualTo("RECIPIENTS_INVALID"));
  }

  // DE-BAEK acts in HU-EEKH's exchange to get a look at it → EXCHANGE_NOT_FOUND, and tracking
  // stays closed to it; a new request under a taken exchange id → EXCHANGE_CONFLICT.
  @Test
  void joiningSomeoneElsesExchangeIsRefused() {
    HubClient hu = client("HU-EEKH");
    HubClient de = client("DE-BAEK");
    var original = org.imihub.client.Envelopes.request("HU-EEKH", "FR-CNOM");
    hu.submit(original.signedBy(hu.signer()));
    byte[] intrusion =
        org.imihub.client.Envelopes.action("ACCEPT", "DE-BAEK", "HU-EEKH", original.exchangeId())
            .signedBy(de.signer());
    assertThatThrownBy(() -> de.submit(intrusion))
        .isInstanceOfSatisfying(
            HubProblemException.class,
            problem -> assertThat(problem.code()).isEqualTo("EXCHANGE_NOT_FOUND"));
    assertThatThrownBy(() -> de.exchange(original.exchangeId()))
        .isInstanceOf(HubProblemException.class);
    byte[] takenId =
        org.imihub.client.Envelopes.request("HU-EEKH", "FR-CNOM")
            .exchangeId(original.exchangeId())
            .signedBy(hu.signer());
    assertThatThrownBy(() -> hu.submit(takenId))
        .isInstanceOfSatisfying(
            HubProblemException.class,
            problem -> assertThat(problem.code()).isEqualTo("EXCHANGE_CONFLICT"));
  }

  static byte[] golden(String file) throws Exception {
    return Files.readAllBytes(GoldenMessages.DIR.resolve(file));
  }

  private long count(String table) {
    return jdbc.queryForObject("select count(*) from " + table, Long.class);
  }

  private long countAudit(String outcome) {
    return jdbc.queryForObject(
        "select count(*) from audit_event where outcome = ?", Long.class, outcome);
  }
}
