package org.imihub.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.xml.transform.TransformerFactory;
import org.imihub.app.support.DemoPki;
import org.imihub.app.support.HubIT;
import org.imihub.client.Acknowledgements;
import org.imihub.client.Envelopes;
import org.imihub.client.HubClient;
import org.imihub.client.VerifiedDelivery;
import org.imihub.contract.signature.XmlSignatureVerifier;
import org.imihub.contract.signature.XmlSigner;
import org.imihub.contract.xml.SecureXml;
import org.imihub.routes.directory.Authority;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A back office that speaks its own dialect (de-aerztekammer-v1): what it sends is mapped to the
 * canonical envelope, signed by the hub with its own signed original kept inside; what it receives
 * is mapped into its dialect, signed by the hub, the sender's envelope unchanged inside. Bad
 * dialect input is refused with a typed error and nothing is kept.
 */
class DialectIT extends HubIT {
  private static final String DIALECT = "de-aerztekammer-v1";
  private static final String AK = "urn:example:de-aerztekammer:v1";

  @BeforeEach
  void deBaekSpeaksTheDialect() {
    Authority baek = directory.find("DE-BAEK").orElseThrow();
    directory.register(baek.withDialect(DIALECT), java.util.List.of());
  }

  @AfterEach
  void deBaekSpeaksCanonicalAgain() {
    Authority baek = directory.find("DE-BAEK").orElseThrow();
    directory.register(baek.withDialect(null), java.util.List.of());
  }

  @Test
  void aDialectBackOfficeSendsAndReceivesInItsOwnFormat() throws Exception {
    HubClient de = client("DE-BAEK");
    HubClient fr = client("FR-CNOM");
    String exchangeId = "de-baek-" + UUID.randomUUID();
    String messageId = UUID.randomUUID().toString();
    byte[] anfrage =
        sign("DE-BAEK", anfrage(messageId, exchangeId, "ERSUCHEN", "DE-BAEK", "FR-CNOM"));

    HttpResponse<byte[]> receipt = de.postRaw("/api/v1/messages", "application/xml", anfrage);
    assertThat(receipt.statusCode()).as(body(receipt)).isEqualTo(200);
    assertThat(body(receipt)).contains(messageId);

    // FR-CNOM reads the canonical envelope, signed by the hub, DE-BAEK's signed original inside.
    VerifiedDelivery request = awaitInMailbox("FR-CNOM", messageId);
    assertThat(request.signerCertificate()).isEqualTo(DemoPki.hubCertificate());
    assertThat(request.envelope().getHeader().getSender()).isEqualTo("DE-BAEK");
    assertThat(request.envelope().getBody().getQuestion().get(0).getCode())
        .isEqualTo("PQ-DIPLOMA-GENUINE");
    assertThat(((Element) request.envelope().getExtensions().getAny().get(0)).getLocalName())
        .isEqualTo("Anfrage");
    Element original =
        (Element) SecureXml.parse(request.document()).getElementsByTagNameNS(AK, "Anfrage").item(0);
    Document proof = SecureXml.newDocument();
    proof.appendChild(proof.importNode(original, true));
    assertThat(XmlSignatureVerifier.verify(proof).signer())
        .as("DE-BAEK's own signature still verifies on the original it sent")
        .isEqualTo(DemoPki.identity("DE-BAEK").certificate());
    assertThat(de.exchange(exchangeId).getState()).isEqualTo("SENT");

    // FR-CNOM accepts; DE-BAEK receives a Zustellung, signed by the hub, FR-CNOM's envelope inside.
    Envelopes accept = Envelopes.action("ACCEPT", "FR-CNOM", "DE-BAEK", exchangeId).language("fr");
    fr.submit(accept.signedBy(fr.signer()));
    String deliveryId = accept.messageId() + "~DE-BAEK";
    HttpResponse<byte[]> fetched =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> de.getRaw("/api/v1/mailbox/" + deliveryId),
                response -> response.statusCode() == 200);
    Document zustellung = SecureXml.parse(fetched.body());
    assertThat(zustellung.getDocumentElement().getNamespaceURI()).isEqualTo(AK);
    assertThat(zustellung.getDocumentElement().getLocalName()).isEqualTo("Zustellung");
    assertThat(XmlSignatureVerifier.verify(zustellung).signer())
        .isEqualTo(DemoPki.hubCertificate());
    Element envelope =
        (Element) zustellung.getElementsByTagNameNS(Envelopes.NS, "Envelope").item(0);
    Document inner = SecureXml.newDocument();
    inner.appendChild(inner.importNode(envelope, true));
    assertThat(XmlSignatureVerifier.verify(inner).signer())
        .isEqualTo(DemoPki.identity("FR-CNOM").certificate());
    assertThat(zustellung.getElementsByTagNameNS(AK, "Nachrichtentyp").item(0).getTextContent())
        .isEqualTo("ANNAHME");

    HttpResponse<byte[]> ack =
        de.postRaw(
            "/api/v1/mailbox/" + deliveryId + "/ack",
            "application/xml",
            Acknowledgements.sign(de.signer(), deliveryId, accept.messageId(), "DE-BAEK"));
    assertThat(ack.statusCode()).as(body(ack)).isLessThan(300);
  }

  /**
   * The dialects' Saxon must not become every other library's transformer (JAXB creates one per lax
   * element it reads: a new Saxon configuration each time).
   */
  @Test
  void saxonServesTheDialectsOnlyNotTheJvmDefault() {
    assertThat(TransformerFactory.newInstance().getClass().getName()).doesNotContain("saxon");
  }

  @Test
  void badDialectMessagesAreRefusedAndNothingIsKept() throws Exception {
    HubClient de = client("DE-BAEK");
    String exchangeId = "de-baek-" + UUID.randomUUID();
    String valid =
        anfrage(UUID.randomUUID().toString(), exchangeId, "ERSUCHEN", "DE-BAEK", "FR-CNOM");

    assertRefused(
        de, sign("DE-BAEK", valid.replace("<Sprache>de</Sprache>", "")), "DIALECT_INVALID");
    assertRefused(de, valid.getBytes(StandardCharsets.UTF_8), "SIGNATURE_MISSING");
    assertRefused(de, sign("HU-EEKH", valid), "CALLER_NOT_SENDER");
    assertRefused(
        de,
        sign(
            "DE-BAEK",
            valid.replace("<Absender>DE-BAEK</Absender>", "<Absender>HU-EEKH</Absender>")),
        "SIGNER_NOT_SENDER");
    assertRefused(
        de, sign("DE-BAEK", valid.replace("PQ-DIPLOMA-GENUINE", "PQ-NO-SUCH")), "QUESTION_UNKNOWN");
    byte[] tampered = sign("DE-BAEK", valid);
    String text = new String(tampered, StandardCharsets.UTF_8).replace("FR-CNOM", "PT-OM");
    assertRefused(de, text.getBytes(StandardCharsets.UTF_8), "SIGNATURE_INVALID");

    HttpResponse<byte[]> unseen = de.getRaw("/api/v1/exchanges/" + exchangeId);
    assertThat(unseen.statusCode()).as("nothing kept of any of them").isEqualTo(404);
  }

  // The same authority may still send canonical envelopes.
  @Test
  void aDialectBackOfficeMaySendTheCanonicalEnvelopeToo() {
    HubClient de = client("DE-BAEK");
    Envelopes request = Envelopes.request("DE-BAEK", "PT-OM").language("de");
    de.submit(request.signedBy(de.signer()));
    assertThat(awaitInMailbox("PT-OM", request.messageId()).signerCertificate())
        .isEqualTo(DemoPki.identity("DE-BAEK").certificate());
  }

  private static void assertRefused(HubClient client, byte[] body, String code) {
    HttpResponse<byte[]> refused = client.postRaw("/api/v1/messages", "application/xml", body);
    assertThat(refused.statusCode()).as(code).isGreaterThanOrEqualTo(400);
    assertThat(HubClient.problem(refused).code()).as(body(refused)).isEqualTo(code);
  }

  private static byte[] sign(String authorityId, String document) {
    return SecureXml.toBytes(
        new XmlSigner(DemoPki.identity(authorityId))
            .sign(SecureXml.parse(document.getBytes(StandardCharsets.UTF_8))));
  }

  private static String body(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  private static String anfrage(
      String messageId, String exchangeId, String type, String sender, String recipient) {
    return """
        <Anfrage xmlns="urn:example:de-aerztekammer:v1">
          <Nachrichtennummer>%s</Nachrichtennummer>
          <Vorgangsnummer>%s</Vorgangsnummer>
          <Verfahren>PQ-CHECK</Verfahren>
          <Nachrichtentyp>%s</Nachrichtentyp>
          <Absender>%s</Absender>
          <Empfaenger>%s</Empfaenger>
          <Erstellt>%s</Erstellt>
          <Sprache>de</Sprache>
          <Fragen><Frage code="PQ-DIPLOMA-GENUINE"/></Fragen>
          <Freitext sprache="de">Bitte bestätigen Sie die Echtheit des Diploms.</Freitext>
        </Anfrage>"""
        .formatted(messageId, exchangeId, type, sender, recipient, Instant.now());
  }
}
