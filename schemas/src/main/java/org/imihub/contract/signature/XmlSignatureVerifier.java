package org.imihub.contract.signature;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.keys.KeyInfo;
import org.apache.xml.security.signature.XMLSignature;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Checks a document's signature against the contract's {@link SignatureProfile} and returns who
 * signed it and the digest of what they signed. Shape and algorithms are checked before any
 * cryptography, so a wrapped or weak signature is named as such rather than as merely "invalid".
 * Whether the certificate is trusted, and whose it is, is the caller's question.
 */
public final class XmlSignatureVerifier {
  static {
    Santuario.init();
  }

  private XmlSignatureVerifier() {}

  public static VerifiedSignature verify(Document document) {
    Element signature = theOnlySignature(document);
    checkShape(signature);
    try {
      XMLSignature xmlSignature = new XMLSignature(signature, "", true);
      KeyInfo keyInfo = xmlSignature.getKeyInfo();
      X509Certificate signer = keyInfo == null ? null : keyInfo.getX509Certificate();
      if (signer == null) {
        throw new HubException(
            ErrorCode.SIGNATURE_INVALID, "The signature's KeyInfo carries no X.509 certificate.");
      }
      checkKeySize(signer.getPublicKey());
      if (!xmlSignature.checkSignatureValue(signer)) {
        throw new HubException(ErrorCode.SIGNATURE_INVALID, ErrorCode.SIGNATURE_INVALID.sentence());
      }
      var reference = xmlSignature.getSignedInfo().item(0);
      return new VerifiedSignature(
          signer,
          reference.getDigestValue(),
          reference.getMessageDigestAlgorithm().getAlgorithmURI());
    } catch (XMLSecurityException e) {
      throw new HubException(
          ErrorCode.SIGNATURE_INVALID, "The signature cannot be checked: " + e.getMessage(), e);
    }
  }

  /**
   * The document element's own signature: exactly one ds:Signature child of it. Signatures deeper
   * in the tree (the sender's inside a hub delivery, say) are not this document's; a document
   * signed only deeper down is a wrapped one.
   */
  private static Element theOnlySignature(Document document) {
    Element root = document.getDocumentElement();
    List<Element> own = children(root, "Signature");
    if (own.size() > 1) {
      throw new HubException(
          ErrorCode.SIGNATURE_WRAPPING,
          "The document element holds "
              + own.size()
              + " signatures; exactly one, over the whole document, is allowed.");
    }
    if (own.isEmpty()) {
      if (document.getElementsByTagNameNS(SignatureProfile.DSIG_NS, "Signature").getLength() > 0) {
        throw new HubException(
            ErrorCode.SIGNATURE_WRAPPING,
            "The only signature is inside the document, not a child of the document element it must cover.");
      }
      throw new HubException(ErrorCode.SIGNATURE_MISSING, ErrorCode.SIGNATURE_MISSING.sentence());
    }
    return own.get(0);
  }

  private static void checkShape(Element signature) {
    Element signedInfo = onlyChild(signature, "SignedInfo");
    String c14n = algorithm(onlyChild(signedInfo, "CanonicalizationMethod"));
    if (!SignatureProfile.EXC_C14N.equals(c14n)) {
      throw new HubException(
          ErrorCode.WEAK_ALGORITHM,
          "Canonicalization " + c14n + " is not accepted; use " + SignatureProfile.EXC_C14N);
    }
    String method = algorithm(onlyChild(signedInfo, "SignatureMethod"));
    if (!SignatureProfile.SIGNATURE_METHODS.contains(method)) {
      throw new HubException(
          ErrorCode.WEAK_ALGORITHM, "Signature method " + method + " is not accepted.");
    }
    List<Element> references = children(signedInfo, "Reference");
    if (references.size() != 1) {
      throw new HubException(
          ErrorCode.SIGNATURE_WRAPPING,
          "The signature has "
              + references.size()
              + " references; exactly one, with URI=\"\", is allowed.");
    }
    Element reference = references.get(0);
    if (!reference.hasAttribute("URI") || !reference.getAttribute("URI").isEmpty()) {
      throw new HubException(
          ErrorCode.SIGNATURE_WRAPPING,
          "The reference points at \""
              + reference.getAttribute("URI")
              + "\", not at the whole envelope (URI=\"\").");
    }
    List<String> transforms = new ArrayList<>();
    for (Element transforms1 : children(reference, "Transforms")) {
      for (Element transform : children(transforms1, "Transform")) {
        transforms.add(algorithm(transform));
      }
    }
    if (!transforms.equals(List.of(SignatureProfile.ENVELOPED, SignatureProfile.EXC_C14N))
        && !transforms.equals(List.of(SignatureProfile.ENVELOPED))) {
      throw new HubException(
          ErrorCode.WEAK_ALGORITHM,
          "Transforms "
              + transforms
              + " are not accepted; use enveloped-signature then exclusive C14N.");
    }
    String digest = algorithm(onlyChild(reference, "DigestMethod"));
    if (!SignatureProfile.DIGEST_METHODS.contains(digest)) {
      throw new HubException(
          ErrorCode.WEAK_ALGORITHM, "Digest method " + digest + " is not accepted.");
    }
  }

  private static void checkKeySize(PublicKey key) {
    if (key instanceof RSAPublicKey rsa
        && rsa.getModulus().bitLength() < SignatureProfile.MIN_RSA_BITS) {
      throw new HubException(
          ErrorCode.WEAK_ALGORITHM,
          "RSA key of "
              + rsa.getModulus().bitLength()
              + " bits; at least "
              + SignatureProfile.MIN_RSA_BITS
              + " are required.");
    }
    if (key instanceof ECPublicKey ec
        && ec.getParams().getCurve().getField().getFieldSize() < SignatureProfile.MIN_EC_BITS) {
      throw new HubException(
          ErrorCode.WEAK_ALGORITHM, "EC key below " + SignatureProfile.MIN_EC_BITS + " bits.");
    }
  }

  private static String algorithm(Element element) {
    return element.getAttribute("Algorithm");
  }

  private static Element onlyChild(Element parent, String localName) {
    List<Element> found = children(parent, localName);
    if (found.size() != 1) {
      throw new HubException(
          ErrorCode.SIGNATURE_INVALID,
          "The signature must have exactly one "
              + localName
              + " in "
              + parent.getLocalName()
              + ".");
    }
    return found.get(0);
  }

  private static List<Element> children(Element parent, String localName) {
    List<Element> found = new ArrayList<>();
    for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element element
          && SignatureProfile.DSIG_NS.equals(element.getNamespaceURI())
          && localName.equals(element.getLocalName())) {
        found.add(element);
      }
    }
    return found;
  }
}
