package org.imihub.client;

import java.security.cert.X509Certificate;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.contract.envelope.v1.EnvelopeType;
import org.imihub.contract.hub.v1.Delivery;
import org.imihub.contract.signature.XmlSignatureVerifier;
import org.imihub.contract.xml.ContractJaxb;
import org.imihub.contract.xml.ContractSchemas;
import org.imihub.contract.xml.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A delivery whose two signatures were checked: the hub's over the whole delivery, and the sender's
 * over the envelope inside it, exactly as the sender signed it.
 *
 * @param senderCertificate the certificate that signed the envelope; whose it is, the hub has
 *     checked against its directory before accepting the message
 */
public record VerifiedDelivery(
    String deliveryId,
    String recipient,
    EnvelopeType envelope,
    X509Certificate senderCertificate,
    byte[] document) {

  /** Checks a hub:Delivery document; throws {@link HubException} if any check fails. */
  public static VerifiedDelivery verify(byte[] deliveryDocument, X509Certificate hubCertificate) {
    Document document = SecureXml.parse(deliveryDocument);
    ContractSchemas.validate(document);
    X509Certificate hubSigner = XmlSignatureVerifier.verify(document).signer();
    if (!hubSigner.equals(hubCertificate)) {
      throw new HubException(
          ErrorCode.SIGNER_UNKNOWN, "The delivery is not signed by the hub's certificate.");
    }
    Delivery delivery = ContractJaxb.read(document.getDocumentElement(), Delivery.class);
    Document envelope = SecureXml.newDocument();
    envelope.appendChild(envelope.importNode(envelopeElement(document), true));
    X509Certificate sender = XmlSignatureVerifier.verify(envelope).signer();
    return new VerifiedDelivery(
        delivery.getDeliveryId(),
        delivery.getRecipient(),
        ContractJaxb.readEnvelope(envelope),
        sender,
        deliveryDocument);
  }

  private static Element envelopeElement(Document delivery) {
    for (Node child = delivery.getDocumentElement().getFirstChild();
        child != null;
        child = child.getNextSibling()) {
      if (child instanceof Element element && Envelopes.NS.equals(element.getNamespaceURI())) {
        return element;
      }
    }
    throw new HubException(ErrorCode.SCHEMA_VIOLATION, "The delivery holds no envelope.");
  }
}
