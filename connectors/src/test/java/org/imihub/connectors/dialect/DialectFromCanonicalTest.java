package org.imihub.connectors.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imihub.connectors.dialect.DialectFixtures.DIALECT_NS;
import static org.imihub.connectors.dialect.DialectFixtures.ENVELOPE_NS;
import static org.imihub.connectors.dialect.DialectFixtures.EXAMPLE;
import static org.imihub.connectors.dialect.DialectFixtures.HUB_NS;
import static org.imihub.connectors.dialect.DialectFixtures.delivery;
import static org.imihub.connectors.dialect.DialectFixtures.resource;
import static org.imihub.connectors.dialect.DialectFixtures.shipped;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.imihub.contract.signature.VerifiedSignature;
import org.imihub.contract.signature.XmlSignatureVerifier;
import org.imihub.contract.xml.SecureXml;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xmlunit.builder.DiffBuilder;
import org.xmlunit.builder.Input;
import org.xmlunit.diff.Diff;
import org.xmlunit.xpath.XPathEngine;

/**
 * The shipped example, hub to chamber: a hub:Delivery (built here as the hub builds one, with a
 * reading in German) becomes a valid Zustellung with the message's fields, the reading's texts, and
 * the delivered envelope unchanged, its sender's signature still valid.
 */
class DialectFromCanonicalTest {
  private static final String GOLDEN_READING =
      """
      <hub:Reading lang="de">\
      <hub:Procedure code="PQ-CHECK">Berufsqualifikationen: Überprüfung der Qualifikationen und \
      der beruflichen Unbedenklichkeit eines Berufsangehörigen</hub:Procedure>\
      <hub:MessageType code="REQUEST">Ersuchen</hub:MessageType>\
      <hub:Question code="PQ-DIPLOMA-GENUINE">Ist der beigefügte Ausbildungsnachweis echt, und \
      wurde er von der darin genannten zuständigen Stelle ausgestellt?</hub:Question>\
      <hub:FreeText index="1" sourceLang="hu" targetLang="de" translation="MACHINE" \
      engine="libretranslate" note="Maschinelle Übersetzung: Prüfen Sie den Originaltext, bevor \
      Sie sich darauf stützen.">Ist das Diplom echt?</hub:FreeText>\
      </hub:Reading>""";

  private static final String ANSWER_READING =
      """
      <hub:Reading lang="de">\
      <hub:Procedure code="PQ-CHECK">Berufsqualifikationen</hub:Procedure>\
      <hub:MessageType code="ANSWER">Antwort</hub:MessageType>\
      <hub:Answer questionCode="PQ-DIPLOMA-GENUINE"><hub:Question>Ist der beigefügte \
      Ausbildungsnachweis echt?</hub:Question><hub:Value>Ja</hub:Value></hub:Answer>\
      <hub:Answer questionCode="PQ-SANCTIONS"><hub:Question>Wurden Sanktionen \
      verhängt?</hub:Question><hub:Value>Nein</hub:Value></hub:Answer>\
      </hub:Reading>""";

  @Test
  void aSignedRequestIsDeliveredWithItsReadingAndItsSignatureStillChecks() throws Exception {
    byte[] signed = resource("signed-envelope.xml");
    Document zustellung =
        SecureXml.parse(
            shipped()
                .fromCanonical(
                    EXAMPLE, delivery("golden-valid-attachment", signed, GOLDEN_READING)));
    XPathEngine xpath = DialectFixtures.xpath();

    assertThat(xpath.evaluate("/ak:Zustellung/ak:Zustellnummer", zustellung))
        .isEqualTo("golden-valid-attachment~DE-LAEK-BY");
    assertThat(xpath.evaluate("/ak:Zustellung/ak:Nachricht/ak:Nachrichtentyp", zustellung))
        .isEqualTo("ERSUCHEN");
    assertThat(xpath.evaluate("//ak:Nachricht/ak:Anlagen/ak:Anlage/ak:Pruefsumme", zustellung))
        .isEqualTo("71077e8389695f09b1e50bcfc288fb4998894a86ae7cd9657b31ac618a094eab");
    assertThat(xpath.evaluate("//ak:Lesefassung/@sprache", zustellung)).isEqualTo("de");
    assertThat(xpath.evaluate("//ak:Lesefassung/ak:Verfahrensname", zustellung))
        .startsWith("Berufsqualifikationen: Überprüfung");
    assertThat(
            xpath.evaluate("//ak:Lesefassung/ak:Fragetext[@code='PQ-DIPLOMA-GENUINE']", zustellung))
        .startsWith("Ist der beigefügte Ausbildungsnachweis echt");
    assertThat(xpath.evaluate("//ak:Lesefassung/ak:Freitext/@uebersetzung", zustellung))
        .isEqualTo("MASCHINELL");
    assertThat(xpath.evaluate("//ak:Lesefassung/ak:Freitext", zustellung))
        .isEqualTo("Ist das Diplom echt?");

    Element original = originalIn(zustellung);
    Diff diff =
        DiffBuilder.compare(Input.fromNode(SecureXml.parse(signed).getDocumentElement()))
            .withTest(Input.fromNode(original))
            .checkForIdentical()
            .build();
    assertThat(diff.hasDifferences()).as(diff.toString()).isFalse();
    // The sender's signature verifies on the copy, taken out on its own as a recipient would.
    VerifiedSignature verified =
        XmlSignatureVerifier.verify(SecureXml.parse(SecureXml.toBytes(original)));
    assertThat(verified.signer().getSubjectX500Principal().getName()).contains("HU-EEKH");
  }

  @Test
  void theChambersOwnMessageComesBackAsItWasSentAfterTheRoundTrip() {
    byte[] anfrage = resource("anfrage-antwort.xml");
    byte[] envelope = shipped().toCanonical(EXAMPLE, anfrage);

    Document zustellung =
        SecureXml.parse(
            shipped()
                .fromCanonical(
                    EXAMPLE, delivery("laek-by-2026-000417-a1", envelope, ANSWER_READING)));

    Element sent = SecureXml.parse(anfrage).getDocumentElement();
    Element delivered =
        (Element) zustellung.getElementsByTagNameNS(DIALECT_NS, "Nachricht").item(0);
    List<Element> sentFields = children(sent);
    List<Element> deliveredFields = children(delivered);
    assertThat(deliveredFields).hasSameSizeAs(sentFields);
    for (int i = 0; i < sentFields.size(); i++) {
      Diff diff =
          DiffBuilder.compare(Input.fromNode(sentFields.get(i)))
              .withTest(Input.fromNode(deliveredFields.get(i)))
              .ignoreWhitespace()
              .checkForIdentical()
              .build();
      assertThat(diff.hasDifferences()).as(diff.toString()).isFalse();
    }
    XPathEngine xpath = DialectFixtures.xpath();
    assertThat(xpath.evaluate("count(//ak:Lesefassung/ak:Antworttext)", zustellung)).isEqualTo("2");
    assertThat(
            xpath.evaluate(
                "//ak:Lesefassung/ak:Antworttext[@frage='PQ-DIPLOMA-GENUINE']/ak:Antwort",
                zustellung))
        .isEqualTo("Ja");
    assertThat(
            xpath.evaluate(
                "//ak:Lesefassung/ak:Antworttext[@frage='PQ-SANCTIONS']/ak:Frage", zustellung))
        .isEqualTo("Wurden Sanktionen verhängt?");
    Diff original =
        DiffBuilder.compare(Input.fromNode(SecureXml.parse(envelope).getDocumentElement()))
            .withTest(Input.fromNode(originalIn(zustellung)))
            .checkForIdentical()
            .build();
    assertThat(original.hasDifferences()).as(original.toString()).isFalse();
  }

  @Test
  void aNoticeOfTheHubIsDeliveredAsAHinweis() {
    byte[] notice =
        """
        <hub:Notice xmlns:hub="urn:imi-hub:hub:v1">\
        <hub:NoticeId>notice-hu-eekh-2026-000123-reply-due</hub:NoticeId>\
        <hub:Kind>REMINDER</hub:Kind><hub:Reason>REPLY_DUE</hub:Reason>\
        <hub:ExchangeId>hu-eekh-2026-000123</hub:ExchangeId>\
        <hub:ProcedureCode>PQ-CHECK</hub:ProcedureCode>\
        <hub:Requester>HU-EEKH</hub:Requester><hub:Responder>DE-LAEK-BY</hub:Responder>\
        <hub:State>ACCEPTED</hub:State><hub:Due>2026-12-15</hub:Due>\
        <hub:IssuedAt>2026-12-12T06:00:00Z</hub:IssuedAt>\
        <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"/>\
        </hub:Notice>"""
            .getBytes(StandardCharsets.UTF_8);
    String reading =
        """
        <hub:Reading lang="de">\
        <hub:Procedure code="PQ-CHECK">Berufsqualifikationen</hub:Procedure>\
        <hub:NoticeKind code="REMINDER">Erinnerung</hub:NoticeKind>\
        <hub:NoticeReason code="REPLY_DUE">Das Ersuchen sollte in Kürze beantwortet \
        werden.</hub:NoticeReason>\
        <hub:State code="ACCEPTED">Angenommen, Antwort ausstehend</hub:State>\
        </hub:Reading>""";

    Document zustellung =
        SecureXml.parse(
            shipped()
                .fromCanonical(
                    EXAMPLE, delivery("notice-hu-eekh-2026-000123-reply-due", notice, reading)));

    XPathEngine xpath = DialectFixtures.xpath();
    assertThat(xpath.evaluate("//ak:Hinweis/ak:Art", zustellung)).isEqualTo("ERINNERUNG");
    assertThat(xpath.evaluate("//ak:Hinweis/ak:Grund", zustellung)).isEqualTo("ANTWORT_FAELLIG");
    assertThat(xpath.evaluate("//ak:Hinweis/ak:Frist", zustellung)).isEqualTo("2026-12-15");
    assertThat(xpath.evaluate("//ak:Lesefassung/ak:Hinweisgrund", zustellung))
        .isEqualTo("Das Ersuchen sollte in Kürze beantwortet werden.");
    assertThat(xpath.evaluate("count(/ak:Zustellung/ak:Original/hub:Notice)", zustellung))
        .isEqualTo("1");
  }

  private static Element originalIn(Document zustellung) {
    Element original = (Element) zustellung.getElementsByTagNameNS(DIALECT_NS, "Original").item(0);
    Element envelope = children(original).get(0);
    assertThat(envelope.getNamespaceURI()).isIn(ENVELOPE_NS, HUB_NS);
    return envelope;
  }

  private static List<Element> children(Element parent) {
    List<Element> children = new ArrayList<>();
    for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element element) {
        children.add(element);
      }
    }
    return children;
  }
}
