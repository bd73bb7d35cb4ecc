package org.imihub.client;

import java.util.Arrays;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.contract.hub.v1.Receipt;
import org.imihub.contract.signature.VerifiedSignature;
import org.imihub.contract.signature.XmlSignatureVerifier;
import org.imihub.contract.xml.SecureXml;

/** Checks that a receipt is for the very content a back office signed and sent. */
public final class Receipts {
  private Receipts() {}

  /** The receipt's digest must be the one in the sent envelope's own signature. */
  public static void checkDigest(Receipt receipt, byte[] signedEnvelope) {
    VerifiedSignature sent = XmlSignatureVerifier.verify(SecureXml.parse(signedEnvelope));
    if (!Arrays.equals(receipt.getReceivedDigest().getValue(), sent.signedDigest())
        || !sent.digestAlgorithm().equals(receipt.getReceivedDigest().getAlgorithm())) {
      throw new HubException(
          ErrorCode.SIGNATURE_INVALID, "The receipt's digest is not that of the message sent.");
    }
  }
}
