package org.imihub.client;

import java.time.Instant;
import javax.xml.XMLConstants;
import org.imihub.contract.signature.XmlSigner;
import org.imihub.contract.xml.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The signed DeliveryAcknowledgement a back office gives for each delivery it takes. */
public final class Acknowledgements {
  private static final String HUB_NS = "urn:imi-hub:hub:v1";

  private Acknowledgements() {}

  public static byte[] sign(
      XmlSigner recipientSigner, String deliveryId, String messageId, String recipient) {
    Document document = SecureXml.newDocument();
    Element root = document.createElementNS(HUB_NS, "DeliveryAcknowledgement");
    root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns", HUB_NS);
    document.appendChild(root);
    for (String[] field :
        new String[][] {
          {"DeliveryId", deliveryId},
          {"MessageId", messageId},
          {"Recipient", recipient},
          {"AcknowledgedAt", Instant.now().toString()}
        }) {
      Element child = document.createElementNS(HUB_NS, field[0]);
      child.setTextContent(field[1]);
      root.appendChild(child);
    }
    return SecureXml.toBytes(recipientSigner.sign(document));
  }
}
