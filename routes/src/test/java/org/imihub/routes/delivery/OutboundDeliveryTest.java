package org.imihub.routes.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.imihub.contract.HubTexts;
import org.imihub.contract.signature.SigningIdentity;
import org.imihub.contract.signature.XmlSignatureVerifier;
import org.imihub.contract.signature.XmlSigner;
import org.imihub.contract.xml.ContractSchemas;
import org.imihub.contract.xml.SecureXml;
import org.imihub.routes.procedure.ProcedureCatalogue;
import org.imihub.routes.testsupport.DemoEnvelopes;
import org.imihub.routes.translation.Reader;
import org.imihub.routes.translation.Readings;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The outbound delivery: schema-valid, signed by the hub, the sender's envelope untouched inside,
 * its reading in the recipient's language next to it.
 */
class OutboundDeliveryTest {
  private static final String HUB = "urn:imi-hub:hub:v1";

  private static ProcedureCatalogue procedures() {
    return ProcedureCatalogue.load(Path.of("../config/procedures"));
  }

  private static Element first(Element parent, String name) {
    return (Element) parent.getElementsByTagNameNS(HUB, name).item(0);
  }

  @Test
  void deliveryIsValidAndBothSignaturesVerify() throws Exception {
    SigningIdentity hub = DemoEnvelopes.identity("hub");
    OutboundDelivery outbound =
        new OutboundDelivery(
            new XmlSigner(hub),
            Readings.codesOnly(ProcedureCatalogue.load(Path.of("../config/procedures"))),
            Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC));
    byte[] original = DemoEnvelopes.request("m-1", "HU-EEKH", "FR-CNOM", "Is the diploma genuine?");

    Document delivery =
        SecureXml.parse(outbound.build("m-1~FR-CNOM", new Reader("FR-CNOM", "fr", true), original));

    ContractSchemas.validate(delivery);
    assertThat(XmlSignatureVerifier.verify(delivery).signer()).isEqualTo(hub.certificate());
    Document inner = SecureXml.newDocument();
    Element envelope =
        (Element) delivery.getElementsByTagNameNS("urn:imi-hub:envelope:v1", "Envelope").item(0);
    inner.appendChild(inner.importNode(envelope, true));
    assertThat(XmlSignatureVerifier.verify(inner).signer().getSubjectX500Principal().getName())
        .contains("HU-EEKH");
    // The reading, in the recipient's language, from the procedure's texts and the hub's.
    Element reading = (Element) delivery.getElementsByTagNameNS(HUB, "Reading").item(0);
    assertThat(reading.getAttribute("lang")).isEqualTo("fr");
    assertThat(first(reading, "Procedure").getAttribute("code")).isEqualTo("PQ-CHECK");
    assertThat(first(reading, "Procedure").getTextContent())
        .isEqualTo(procedures().find("PQ-CHECK").orElseThrow().name("fr"))
        .isNotEqualTo(procedures().find("PQ-CHECK").orElseThrow().name("en"));
    assertThat(first(reading, "MessageType").getTextContent())
        .isEqualTo(HubTexts.text("fr", "messageType.REQUEST"));
  }
}
