package org.imihub.routes.delivery;

import java.time.Clock;
import javax.xml.XMLConstants;
import org.imihub.contract.signature.XmlSigner;
import org.imihub.contract.xml.SecureXml;
import org.imihub.routes.ingest.ReceiptIssuer;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * What a recipient receives: a {@code hub:Delivery} holding the sender's envelope exactly as signed
 * (so the recipient can check the sender's signature itself), signed again by the hub. Built with
 * DOM, not JAXB, because re-marshalling the envelope would change bytes the sender's signature
 * covers.
 */
@Component
public class OutboundDelivery {
  static final String HUB_NS = "urn:imi-hub:hub:v1";

  private final XmlSigner hubSigner;
  private final Clock clock;

  public OutboundDelivery(XmlSigner hubSigner, Clock clock) {
    this.hubSigner = hubSigner;
    this.clock = clock;
  }

  public byte[] build(String deliveryId, String recipient, byte[] signedEnvelope) {
    Document original = SecureXml.parse(signedEnvelope);
    Document delivery = SecureXml.newDocument();
    Element root = delivery.createElementNS(HUB_NS, "hub:Delivery");
    root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:hub", HUB_NS);
    delivery.appendChild(root);
    append(root, "DeliveryId", deliveryId);
    append(root, "Recipient", recipient);
    append(root, "SentAt", ReceiptIssuer.xmlTime(clock.instant()).toXMLFormat());
    root.appendChild(delivery.importNode(original.getDocumentElement(), true));
    hubSigner.sign(delivery);
    return SecureXml.toBytes(delivery);
  }

  private static void append(Element parent, String name, String text) {
    Element child = parent.getOwnerDocument().createElementNS(HUB_NS, "hub:" + name);
    child.setTextContent(text);
    parent.appendChild(child);
  }
}
