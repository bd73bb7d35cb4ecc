package org.imihub.routes.delivery;

import java.time.Clock;
import javax.xml.XMLConstants;
import org.imihub.contract.signature.XmlSigner;
import org.imihub.contract.xml.ContractSchemas;
import org.imihub.contract.xml.SecureXml;
import org.imihub.routes.ingest.ReceiptIssuer;
import org.imihub.routes.translation.Reader;
import org.imihub.routes.translation.Readings;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * What a recipient receives: a {@code hub:Delivery} holding the sender's envelope exactly as signed
 * (so the recipient can check the sender's signature itself) and its reading in the recipient's
 * language ({@link Readings}), signed again by the hub. Built with DOM, not JAXB, because
 * re-marshalling the envelope would change bytes the sender's signature covers.
 */
@Component
public class OutboundDelivery {
  static final String HUB_NS = ContractSchemas.HUB_NS;

  private final XmlSigner hubSigner;
  private final Readings readings;
  private final Clock clock;

  public OutboundDelivery(XmlSigner hubSigner, Readings readings, Clock clock) {
    this.hubSigner = hubSigner;
    this.readings = readings;
    this.clock = clock;
  }

  /**
   * @param reader the recipient, for the reading in its language
   * @param signedEnvelope the sender's signed envelope, or a signed document of the hub's own
   */
  public byte[] build(String deliveryId, Reader reader, byte[] signedEnvelope) {
    Document original = SecureXml.parse(signedEnvelope);
    Document delivery = SecureXml.newDocument();
    Element root = delivery.createElementNS(HUB_NS, "hub:Delivery");
    root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:hub", HUB_NS);
    delivery.appendChild(root);
    append(root, "DeliveryId", deliveryId);
    append(root, "Recipient", reader.id());
    append(root, "SentAt", ReceiptIssuer.xmlTime(clock.instant()).toXMLFormat());
    Element delivered = (Element) delivery.importNode(original.getDocumentElement(), true);
    root.appendChild(delivered);
    root.appendChild(readings.render(delivery, delivered, reader));
    hubSigner.sign(delivery);
    return SecureXml.toBytes(delivery);
  }

  private static void append(Element parent, String name, String text) {
    Element child = parent.getOwnerDocument().createElementNS(HUB_NS, "hub:" + name);
    child.setTextContent(text);
    parent.appendChild(child);
  }
}
