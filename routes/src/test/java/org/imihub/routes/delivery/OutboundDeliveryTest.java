package org.imihub.routes.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.imihub.contract.signature.SigningIdentity;
import org.imihub.contract.signature.XmlSignatureVerifier;
import org.imihub.contract.signature.XmlSigner;
import org.imihub.contract.xml.ContractSchemas;
import org.imihub.contract.xml.SecureXml;
import org.imihub.routes.testsupport.DemoEnvelopes;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The outbound delivery: schema-valid, signed by the hub, the sender's envelope untouched inside.
 */
class OutboundDeliveryTest {

  @Test
  void deliveryIsValidAndBothSignaturesVerify() throws Exception {
    SigningIdentity hub = DemoEnvelopes.identity("hub");
    OutboundDelivery outbound =
        new OutboundDelivery(
            new XmlSigner(hub), Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC));
    byte[] original = DemoEnvelopes.request("m-1", "HU-EEKH", "FR-CNOM", "Is the diploma genuine?");

    Document delivery = SecureXml.parse(outbound.build("m-1~FR-CNOM", "FR-CNOM", original));

    ContractSchemas.validate(delivery);
    assertThat(XmlSignatureVerifier.verify(delivery).signer()).isEqualTo(hub.certificate());
    Document inner = SecureXml.newDocument();
    Element envelope =
        (Element) delivery.getElementsByTagNameNS("urn:imi-hub:envelope:v1", "Envelope").item(0);
    inner.appendChild(inner.importNode(envelope, true));
    assertThat(XmlSignatureVerifier.verify(inner).signer().getSubjectX500Principal().getName())
        .contains("HU-EEKH");
  }
}
