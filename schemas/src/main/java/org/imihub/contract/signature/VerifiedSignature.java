package org.imihub.contract.signature;

import java.security.cert.X509Certificate;

/**
 * What a verified signature proves: who signed, and the digest of what they signed (the Reference's
 * DigestValue over the canonical document). The digest identifies the signed content whatever its
 * serialisation, so a message resent over another channel is still recognised as the same message.
 */
public record VerifiedSignature(
    X509Certificate signer, byte[] signedDigest, String digestAlgorithm) {}
