package org.imihub.routes.ingest;

import java.time.Instant;
import java.util.GregorianCalendar;
import java.util.TimeZone;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import org.imihub.contract.envelope.v1.HeaderType;
import org.imihub.contract.hub.v1.DigestType;
import org.imihub.contract.hub.v1.Receipt;
import org.imihub.contract.signature.VerifiedSignature;
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
    return issue(inbound.header(), inbound.signature, receivedAt);
  }

  /** The receipt for a message with this header, whose signature was checked as given. */
  public byte[] issue(HeaderType header, VerifiedSignature signature, Instant receivedAt) {
    Receipt receipt = new Receipt();
    receipt.setMessageId(header.getMessageId());
    receipt.setExchangeId(header.getExchangeId());
    receipt.setSender(header.getSender());
    DigestType digest = new DigestType();
    digest.setValue(signature.signedDigest());
    digest.setAlgorithm(signature.digestAlgorithm());
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
