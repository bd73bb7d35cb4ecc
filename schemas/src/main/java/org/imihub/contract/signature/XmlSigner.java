package org.imihub.contract.signature;

import java.security.interfaces.ECPrivateKey;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.w3c.dom.Document;

/** Signs a document by the contract's profile: enveloped, URI="", exclusive C14N, SHA-256. */
public final class XmlSigner {
  static {
    Santuario.init();
  }

  private final SigningIdentity identity;
  private final String signatureMethod;

  public XmlSigner(SigningIdentity identity) {
    this.identity = identity;
    this.signatureMethod =
        identity.privateKey() instanceof ECPrivateKey
            ? SignatureProfile.ECDSA_SHA256
            : SignatureProfile.RSA_SHA256;
  }

  public SigningIdentity identity() {
    return identity;
  }

  /** Appends the signature as the last child of the document element, in place. */
  public Document sign(Document document) {
    try {
      XMLSignature signature =
          new XMLSignature(document, "", signatureMethod, SignatureProfile.EXC_C14N);
      document.getDocumentElement().appendChild(signature.getElement());
      Transforms transforms = new Transforms(document);
      transforms.addTransform(SignatureProfile.ENVELOPED);
      transforms.addTransform(SignatureProfile.EXC_C14N);
      signature.addDocument("", transforms, SignatureProfile.SHA256);
      signature.addKeyInfo(identity.certificate());
      signature.sign(identity.privateKey());
      return document;
    } catch (XMLSecurityException e) {
      throw new IllegalStateException("signing with a loaded key cannot fail", e);
    }
  }
}
