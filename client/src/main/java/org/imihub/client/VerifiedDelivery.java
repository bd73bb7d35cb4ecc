package org.imihub.client;

import java.security.cert.X509Certificate;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.contract.envelope.v1.EnvelopeType;
import org.imihub.contract.hub.v1.Delivery;
import org.imihub.contract.hub.v1.Notice;
import org.imihub.contract.hub.v1.Reading;
import org.imihub.contract.hub.v1.Translation;
import org.imihub.contract.signature.XmlSignatureVerifier;
import org.imihub.contract.xml.ContractJaxb;
import org.imihub.contract.xml.ContractSchemas;
import org.imihub.contract.xml.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A delivery whose signatures were checked: the hub's over the whole delivery, and the signature of
 * what it carries, exactly as signed: an authority's envelope (then {@code envelope} is set), a
 * notice of the hub's, a reminder or an escalation (then {@code notice} is set), or a machine
 * translation of the hub's that follows its message (then {@code translation} is set).
 *
 * @param reading the hub's rendering of the content in the recipient's language (hub-v1.xsd)
 * @param signerCertificate the certificate that signed the content: the sending authority's (whose
 *     it is, the hub checked against its directory before accepting the message) or the hub's
 */
public record VerifiedDelivery(
    String deliveryId,
    String recipient,
    EnvelopeType envelope,
    Notice notice,
    Translation translation,
    Reading reading,
    X509Certificate signerCertificate,
    byte[] document) {

  /** The id of the message or notice delivered. */
  public String messageId() {
    if (envelope != null) {
      return envelope.getHeader().getMessageId();
    }
    return notice != null ? notice.getNoticeId() : translation.getTranslationId();
  }

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
    Document content = SecureXml.newDocument();
    content.appendChild(content.importNode(contentElement(document), true));
    X509Certificate signer = XmlSignatureVerifier.verify(content).signer();
    String kind = content.getDocumentElement().getLocalName();
    if (!Envelopes.NS.equals(content.getDocumentElement().getNamespaceURI())) {
      if (!signer.equals(hubCertificate)) {
        throw new HubException(
            ErrorCode.SIGNER_UNKNOWN, "The " + kind + " is not signed by the hub's certificate.");
      }
      boolean notice = "Notice".equals(kind);
      return new VerifiedDelivery(
          delivery.getDeliveryId(),
          delivery.getRecipient(),
          null,
          notice ? ContractJaxb.read(content.getDocumentElement(), Notice.class) : null,
          notice ? null : ContractJaxb.read(content.getDocumentElement(), Translation.class),
          delivery.getReading(),
          signer,
          deliveryDocument);
    }
    return new VerifiedDelivery(
        delivery.getDeliveryId(),
        delivery.getRecipient(),
        ContractJaxb.readEnvelope(content),
        null,
        null,
        delivery.getReading(),
        signer,
        deliveryDocument);
  }

  /** The envelope or notice the delivery carries: the element after the delivery's own fields. */
  private static Element contentElement(Document delivery) {
    for (Node child = delivery.getDocumentElement().getFirstChild();
        child != null;
        child = child.getNextSibling()) {
      if (child instanceof Element element
          && (Envelopes.NS.equals(element.getNamespaceURI())
              || "Notice".equals(element.getLocalName())
              || "Translation".equals(element.getLocalName()))) {
        return element;
      }
    }
    throw new HubException(
        ErrorCode.SCHEMA_VIOLATION, "The delivery holds no envelope, notice or translation.");
  }
}
