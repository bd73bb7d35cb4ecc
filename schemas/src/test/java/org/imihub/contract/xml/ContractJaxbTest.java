package org.imihub.contract.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.xml.datatype.DatatypeFactory;
import org.imihub.contract.hub.v1.DeliveryAcknowledgement;
import org.imihub.contract.hub.v1.Receipt;
import org.imihub.contract.signature.TestIdentities;
import org.imihub.contract.signature.XmlSigner;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The typed view of signed documents: every field, and not the signature. */
class ContractJaxbTest {
  // A signed acknowledgement reads with all its fields; its signature stays on the DOM only.
  @Test
  void signedDocumentReadsWithoutItsSignature() throws Exception {
    DeliveryAcknowledgement written = new DeliveryAcknowledgement();
    written.setDeliveryId("m-1~FR-CNOM");
    written.setMessageId("m-1");
    written.setRecipient("FR-CNOM");
    written.setAcknowledgedAt(
        DatatypeFactory.newDefaultInstance().newXMLGregorianCalendar("2026-11-23T08:00:00Z"));
    Document signed =
        new XmlSigner(TestIdentities.selfSigned("EC", 256)).sign(ContractJaxb.write(written));
    Document parsed = SecureXml.parse(SecureXml.toBytes(signed));
    ContractSchemas.validate(parsed);

    DeliveryAcknowledgement read =
        ContractJaxb.read(parsed.getDocumentElement(), DeliveryAcknowledgement.class);

    assertThat(read.getDeliveryId()).isEqualTo("m-1~FR-CNOM");
    assertThat(read.getMessageId()).isEqualTo("m-1");
    assertThat(read.getRecipient()).isEqualTo("FR-CNOM");
    assertThat(read.getAcknowledgedAt().toXMLFormat()).isEqualTo("2026-11-23T08:00:00Z");
    assertThat(read.getAny()).as("the signature").isNull();
    assertThat(parsed.getDocumentElement().getLastChild().getLocalName())
        .as("the DOM keeps it")
        .isEqualTo("Signature");
  }

  // Asking for another type than the document's is a programming error, said so.
  @Test
  void wrongTypeIsRefused() {
    DeliveryAcknowledgement written = new DeliveryAcknowledgement();
    written.setDeliveryId("m-1~FR-CNOM");
    Document document = ContractJaxb.write(written);
    assertThatThrownBy(() -> ContractJaxb.read(document.getDocumentElement(), Receipt.class))
        .isInstanceOf(IllegalStateException.class);
  }
}
