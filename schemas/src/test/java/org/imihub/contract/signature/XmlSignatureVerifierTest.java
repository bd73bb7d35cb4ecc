package org.imihub.contract.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.contract.xml.SecureXml;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The signature profile on small documents: what it accepts, and the code of each refusal. */
class XmlSignatureVerifierTest {
  private static final String DOCUMENT =
      "<r:Doc xmlns:r=\"urn:test\"><r:Value>42</r:Value></r:Doc>";

  // RSA-2048 and ECDSA P-256 signatures verify and name their signer.
  @Test
  void rsaAndEcdsaSignaturesVerify() throws Exception {
    for (SigningIdentity identity :
        new SigningIdentity[] {identity("RSA", 2048), identity("EC", 256)}) {
      Document signed = new XmlSigner(identity).sign(parse(DOCUMENT));
      VerifiedSignature verified =
          XmlSignatureVerifier.verify(SecureXml.parse(SecureXml.toBytes(signed)));
      assertThat(verified.signer()).isEqualTo(identity.certificate());
      assertThat(verified.signedDigest()).hasSize(32);
    }
  }

  // A changed value after signing → SIGNATURE_INVALID.
  @Test
  void tamperedContentIsInvalid() throws Exception {
    String signed =
        new String(
            SecureXml.toBytes(new XmlSigner(identity("RSA", 2048)).sign(parse(DOCUMENT))),
            StandardCharsets.UTF_8);
    assertCode(signed.replace(">42<", ">43<"), ErrorCode.SIGNATURE_INVALID);
  }

  // No signature → SIGNATURE_MISSING; two → SIGNATURE_WRAPPING.
  @Test
  void missingAndDoubleSignatures() throws Exception {
    assertCode(DOCUMENT, ErrorCode.SIGNATURE_MISSING);
    XmlSigner signer = new XmlSigner(identity("RSA", 2048));
    assertCode(
        new String(
            SecureXml.toBytes(signer.sign(signer.sign(parse(DOCUMENT)))), StandardCharsets.UTF_8),
        ErrorCode.SIGNATURE_WRAPPING);
  }

  // A reference to anything but the whole document → SIGNATURE_WRAPPING.
  @Test
  void referenceToAPartIsWrapping() throws Exception {
    String signed =
        new String(
            SecureXml.toBytes(new XmlSigner(identity("RSA", 2048)).sign(parse(DOCUMENT))),
            StandardCharsets.UTF_8);
    assertCode(signed.replace("URI=\"\"", "URI=\"#part\""), ErrorCode.SIGNATURE_WRAPPING);
  }

  // An RSA key under 2048 bits → WEAK_ALGORITHM, even with SHA-256.
  @Test
  void shortRsaKeyIsWeak() throws Exception {
    Document signed = new XmlSigner(identity("RSA", 1024)).sign(parse(DOCUMENT));
    assertCode(
        new String(SecureXml.toBytes(signed), StandardCharsets.UTF_8), ErrorCode.WEAK_ALGORITHM);
  }

  // A DTD is refused at parse time, before any entity could be resolved.
  @Test
  void doctypeIsRefused() {
    assertThatThrownBy(
            () ->
                SecureXml.parse(
                    "<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><d>&x;</d>"
                        .getBytes()))
        .isInstanceOfSatisfying(
            HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DTD_FORBIDDEN));
  }

  private static void assertCode(String xml, ErrorCode code) {
    assertThatThrownBy(() -> XmlSignatureVerifier.verify(parse(xml)))
        .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  private static Document parse(String xml) {
    return SecureXml.parse(xml.getBytes(StandardCharsets.UTF_8));
  }

  private static SigningIdentity identity(String algorithm, int bits) throws Exception {
    return TestIdentities.selfSigned(algorithm, bits);
  }
}
