package org.imihub.routes.ingest;

import java.time.Instant;
import java.util.GregorianCalendar;
import java.util.TimeZone;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import org.imihub.contract.hub.v1.DigestType;
import org.imihub.contract.hub.v1.Receipt;
import org.imihub.contract.signature.XmlSigner;
import org.imihub.contract.xml.ContractJaxb;
import org.imihub.contract.xml.SecureXml;
import org.springframework.stereotype.Component;

/** Makes the receipt the hub signs for a sender: which message, a digest of what arrived, when. */
@Component
public class ReceiptIssuer {
  private final XmlSigner hubSigner;

  public ReceiptIssuer(XmlSigner hubSigner) {
    this.hubSigner = hubSigner;
  }

  public byte[] issue(Inbound inbound, Instant receivedAt) {
    Receipt receipt = new Receipt();
    receipt.setMessageId(inbound.header().getMessageId());
    receipt.setExchangeId(inbound.header().getExchangeId());
    receipt.setSender(inbound.header().getSender());
    DigestType digest = new DigestType();
    digest.setValue(inbound.signature.signedDigest());
    digest.setAlgorithm(inbound.signature.digestAlgorithm());
    receipt.setReceivedDigest(digest);
    receipt.setReceivedAt(xmlTime(receivedAt));
    return SecureXml.toBytes(hubSigner.sign(ContractJaxb.write(receipt)));
  }

  public static XMLGregorianCalendar xmlTime(Instant instant) {
    GregorianCalendar calendar = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
    calendar.setTimeInMillis(instant.toEpochMilli());
    return DatatypeFactory.newDefaultInstance().newXMLGregorianCalendar(calendar);
  }
}
