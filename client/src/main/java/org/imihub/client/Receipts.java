package org.imihub.client;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.contract.hub.v1.Receipt;
import org.imihub.contract.signature.VerifiedSignature;
import org.imihub.contract.signature.XmlSignatureVerifier;
import org.imihub.contract.xml.ContractJaxb;
import org.imihub.contract.xml.ContractSchemas;
import org.imihub.contract.xml.SecureXml;
import org.w3c.dom.Document;

/**
 * Checks a receipt, whichever channel it came over: signed by the hub, for the very content sent.
 */
public final class Receipts {
  private Receipts() {}

  /**
   * @param receipt the hub:Receipt document as received
   * @param signedEnvelope the envelope that was sent
   * @param hubCertificate the hub's signing certificate
   * @throws HubException if the receipt is not the hub's, or not for this envelope
   */
  public static Receipt verify(
      byte[] receipt, byte[] signedEnvelope, X509Certificate hubCertificate) {
    Document document = SecureXml.parse(receipt);
    ContractSchemas.validate(document);
    if (!XmlSignatureVerifier.verify(document).signer().equals(hubCertificate)) {
      throw new HubException(
          ErrorCode.SIGNER_UNKNOWN, "The receipt is not signed by the hub's certificate.");
    }
    Receipt read = ContractJaxb.read(document.getDocumentElement(), Receipt.class);
    VerifiedSignature sent = XmlSignatureVerifier.verify(SecureXml.parse(signedEnvelope));
    if (!Arrays.equals(read.getReceivedDigest().getValue(), sent.signedDigest())
        || !sent.digestAlgorithm().equals(read.getReceivedDigest().getAlgorithm())) {
      throw new HubException(
          ErrorCode.SIGNATURE_INVALID, "The receipt's digest is not that of the message sent.");
    }
    return read;
  }
}
