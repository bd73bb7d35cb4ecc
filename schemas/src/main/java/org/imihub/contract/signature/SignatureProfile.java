package org.imihub.contract.signature;

import java.util.Set;

/**
 * The one signature profile of the contract, for every signed document (envelope, receipt,
 * delivery, acknowledgement): a single enveloped XML signature, last child of the document element,
 * one Reference with URI="" (the whole document), exclusive C14N, SHA-256 or stronger, RSA (2048
 * bits or more) or ECDSA (256 bits or more), the signer's X.509 certificate in KeyInfo. See
 * docs/signatures.md.
 */
public final class SignatureProfile {
  public static final String DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";

  public static final String EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
  public static final String ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

  public static final String RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
  public static final String ECDSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";
  public static final String SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";

  static final Set<String> SIGNATURE_METHODS =
      Set.of(
          RSA_SHA256,
          "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
          "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
          ECDSA_SHA256,
          "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384",
          "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512");

  static final Set<String> DIGEST_METHODS =
      Set.of(
          SHA256,
          "http://www.w3.org/2001/04/xmldsig-more#sha384",
          "http://www.w3.org/2001/04/xmlenc#sha512");

  static final int MIN_RSA_BITS = 2048;
  static final int MIN_EC_BITS = 256;

  private SignatureProfile() {}
}
