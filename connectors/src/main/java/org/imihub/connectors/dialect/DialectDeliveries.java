package org.imihub.connectors.dialect;

import org.imihub.contract.signature.XmlSigner;
import org.imihub.contract.xml.SecureXml;
import org.imihub.routes.delivery.DeliveryFormat;
import org.imihub.routes.directory.Authority;
import org.springframework.stereotype.Component;

/**
 * Deliveries to a back office that speaks a dialect: the hub-signed {@code hub:Delivery} mapped
 * into the dialect's delivery document ({@link Dialects#fromCanonical}, which keeps the delivered
 * envelope unchanged inside it), signed by the hub. Others get the canonical delivery as it is.
 */
@Component
public class DialectDeliveries implements DeliveryFormat {
  private final Dialects dialects;
  private final XmlSigner hubSigner;

  public DialectDeliveries(Dialects dialects, XmlSigner hubSigner) {
    this.dialects = dialects;
    this.hubSigner = hubSigner;
  }

  @Override
  public byte[] forRecipient(Authority recipient, byte[] delivery) {
    if (recipient.dialect() == null) {
      return delivery;
    }
    byte[] mapped = dialects.fromCanonical(recipient.dialect(), delivery);
    return SecureXml.toBytes(hubSigner.sign(SecureXml.parse(mapped)));
  }
}
