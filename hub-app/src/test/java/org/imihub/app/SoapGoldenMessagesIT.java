package org.imihub.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.imihub.app.golden.GoldenMessages;
import org.imihub.app.support.DemoPki;
import org.imihub.app.support.HubIT;
import org.imihub.client.HubProblemException;
import org.imihub.client.SoapHubClient;
import org.imihub.contract.hub.v1.Receipt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The golden messages over SOAP with WS-Security: the same refusals, as faults with the same codes.
 */
class SoapGoldenMessagesIT extends HubIT {
  @Autowired JdbcTemplate jdbc;

  private SoapHubClient hu;

  @BeforeEach
  void connect() {
    GoldenMessages.registerExpiredCertificate(directory);
    hu =
        new SoapHubClient(
            endpoint(), DemoPki.identity("HU-EEKH"), DemoPki.cas(), DemoPki.hubCertificate());
  }

  @AfterEach
  void close() {
    hu.close();
  }

  // valid-request.xml over SOAP → the hub's signed receipt; the same envelope sent again over
  // either channel is recognised by its signed content and answered with the same receipt.
  @Test
  void validRequestGetsSignedReceipt() throws Exception {
    byte[] envelope = Files.readAllBytes(GoldenMessages.DIR.resolve("valid-request.xml"));
    Receipt first = hu.submit(envelope); // its hub signature and digest are checked by the client
    assertThat(first.getMessageId()).isEqualTo("golden-valid-request");

    Receipt again = hu.submit(envelope);
    assertThat(again.getReceivedAt()).isEqualTo(first.getReceivedAt());
    assertThat(client("HU-EEKH").submit(envelope).getReceivedAt()).isEqualTo(first.getReceivedAt());
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "schema-violation.xml, SCHEMA_VIOLATION",
    "unsigned.xml, SIGNATURE_MISSING",
    "tampered.xml, SIGNATURE_INVALID",
    "wrapped.xml, SIGNATURE_WRAPPING",
    "sha1-signature.xml, WEAK_ALGORITHM",
    "unknown-signer.xml, SIGNER_UNKNOWN",
    "expired-signer.xml, SIGNER_EXPIRED",
    "signer-not-sender.xml, SIGNER_NOT_SENDER",
    "valid-from-fr.xml, CALLER_NOT_SENDER",
    "unknown-recipient.xml, RECIPIENT_UNKNOWN",
    "unsupported-type.xml, UNSUPPORTED_MESSAGE_TYPE",
    "attachment-digest-mismatch.xml, ATTACHMENT_DIGEST_MISMATCH",
  })
  void badEnvelopeIsAFaultWithItsCode(String file, String code) throws Exception {
    long messagesBefore = jdbc.queryForObject("select count(*) from message", Long.class);
    byte[] envelope = Files.readAllBytes(GoldenMessages.DIR.resolve(file));
    assertThatThrownBy(() -> hu.submit(envelope))
        .isInstanceOfSatisfying(
            HubProblemException.class, problem -> assertThat(problem.code()).isEqualTo(code));
    assertThat(jdbc.queryForObject("select count(*) from message", Long.class))
        .isEqualTo(messagesBefore);
  }

  // A SOAP message without WS-Security (TLS alone) → WS_SECURITY_FAILED, nothing stored.
  @Test
  void messageWithoutWsSecurityIsRefused() throws Exception {
    String envelope =
        Files.readString(GoldenMessages.DIR.resolve("valid-request.xml"))
            .replaceFirst("<\\?xml[^>]*\\?>", "");
    byte[] soap =
        ("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
                + envelope
                + "</soap:Body></soap:Envelope>")
            .getBytes(StandardCharsets.UTF_8);
    var response =
        SoapHubClient.postRaw(endpoint(), DemoPki.identity("HU-EEKH"), DemoPki.cas(), soap);
    assertThat(response.status()).isEqualTo(500);
    assertThat(response.problem())
        .hasValueSatisfying(problem -> assertThat(problem.code()).isEqualTo("WS_SECURITY_FAILED"));
  }

  // A SOAP message with a DTD → refused as a fault before anything is parsed into the hub.
  @Test
  void messageWithDtdIsRefused() {
    byte[] soap =
        ("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>&xxe;</soap:Body></soap:Envelope>")
            .getBytes(StandardCharsets.UTF_8);
    var response =
        SoapHubClient.postRaw(endpoint(), DemoPki.identity("HU-EEKH"), DemoPki.cas(), soap);
    assertThat(response.status()).isGreaterThanOrEqualTo(400);
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).doesNotContain("root:");
  }

  // A SOAP request over the size limit → MESSAGE_TOO_LARGE fault before CXF parses it.
  @Test
  void oversizedMessageIsRefused() {
    byte[] soap = new byte[11 * 1024 * 1024];
    var response =
        SoapHubClient.postRaw(endpoint(), DemoPki.identity("HU-EEKH"), DemoPki.cas(), soap);
    assertThat(response.problem())
        .hasValueSatisfying(problem -> assertThat(problem.code()).isEqualTo("MESSAGE_TOO_LARGE"));
  }

  // The WSDL is published by the running hub, with its WS-SecurityPolicy.
  @Test
  void wsdlIsPublished() {
    var response = client("HU-EEKH").getRaw("/soap/v1?wsdl");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("AsymmetricBinding");
  }

  private URI endpoint() {
    return URI.create("https://localhost:" + port + "/soap/v1");
  }
}
