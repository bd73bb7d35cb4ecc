package org.imihub.contract.soap;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;
import org.apache.cxf.ws.security.SecurityConstants;
import org.apache.wss4j.common.crypto.Merlin;
import org.apache.wss4j.common.ext.WSPasswordCallback;
import org.apache.wss4j.dom.engine.WSSConfig;
import org.imihub.contract.signature.SigningIdentity;

/**
 * The CXF properties that let the WSDL's WS-SecurityPolicy run on keys held in memory: one WSS4J
 * {@link Merlin} whose key store holds our own key and whose trust store holds the CA certificates,
 * so no keystore file or password file exists anywhere.
 */
public final class WsSecurityProfile {
  public static final String RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";

  static {
    // Santuario's message bundle is set once, by whoever comes first. WSS4J's init installs
    // its own (which falls back to Santuario's); if plain Santuario came first, every
    // WS-Security error reads 'No message with ID ... found'. So WSS4J goes first when it can.
    WSSConfig.init();
  }

  /** How long a signer's certificate that passed the trust check is not checked again. */
  static final Duration TRUST_REMEMBERED = Duration.ofMinutes(10);

  private WsSecurityProfile() {}

  /**
   * @param acceptedSigners a regular expression over the subject DN of the certificates whose
   *     signatures are accepted (besides chaining to {@code trustedCas})
   */
  public static Map<String, Object> forIdentity(
      SigningIdentity own, String alias, List<X509Certificate> trustedCas, String acceptedSigners) {
    // The in-memory PKCS#12 store wants a password; a random one never leaves this process.
    char[] password = randomPassword();
    Merlin crypto = new RememberedTrust(TRUST_REMEMBERED, Clock.systemUTC());
    crypto.setKeyStore(own.toKeyStore(alias, password));
    crypto.setTrustStore(SigningIdentity.trustStore(trustedCas));
    CallbackHandler passwords =
        callbacks -> {
          for (Callback callback : callbacks) {
            if (!(callback instanceof WSPasswordCallback passwordCallback)) {
              throw new UnsupportedCallbackException(callback);
            }
            passwordCallback.setPassword(new String(password));
          }
        };
    return Map.of(
        // One crypto for both roles: with an asymmetric binding CXF signs with the "signature"
        // crypto and verifies the other side's signature with the "encryption" one.
        SecurityConstants.SIGNATURE_CRYPTO, crypto,
        SecurityConstants.ENCRYPT_CRYPTO, crypto,
        SecurityConstants.SIGNATURE_USERNAME, alias,
        SecurityConstants.CALLBACK_HANDLER, passwords,
        // WS-SecurityPolicy's Basic256Sha256 only moves digests to SHA-256; its asymmetric
        // signature stays rsa-sha1. This raises it to rsa-sha256 for what we send, and makes
        // the policy verifier refuse anything else in what we receive.
        SecurityConstants.ASYMMETRIC_SIGNATURE_ALGORITHM, RSA_SHA256,
        SecurityConstants.SUBJECT_CERT_CONSTRAINTS, acceptedSigners,
        // The default separator is the comma, which every DN contains.
        SecurityConstants.CERT_CONSTRAINTS_SEPARATOR, ";",
        // No replay cache: a replayed request changes nothing (a message is taken once by its id,
        // a resend answered with its first receipt; reading and acknowledging are idempotent) and
        // mutual TLS already binds every call to its sender's key. WSS4J's cache (Ehcache, kept
        // on disk, one per node so no protection across a cluster) cost 9% of checking a request.
        SecurityConstants.ENABLE_TIMESTAMP_CACHE, false,
        SecurityConstants.ENABLE_NONCE_CACHE, false);
  }

  private static char[] randomPassword() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes).toCharArray();
  }
}
