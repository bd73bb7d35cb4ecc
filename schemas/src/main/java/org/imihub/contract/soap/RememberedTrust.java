package org.imihub.contract.soap;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.regex.Pattern;
import org.apache.wss4j.common.crypto.Merlin;
import org.apache.wss4j.common.ext.WSSecurityException;
import org.imihub.contract.Digests;
import org.imihub.contract.PassedChecks;

/**
 * WSS4J's key and trust store, remembering for a while which certificates passed its trust check.
 * WSS4J checks the signer of every signed SOAP message in full: a PKIX path validation to the
 * trusted CAs, then the subject constraints. For the few certificates of the back offices that talk
 * to a hub that is the same answer every time, and it cost a sixth of verifying each request's
 * WS-Security header (docs/performance.md). A pass is remembered for at most {@code remembered} and
 * never beyond the expiry of a certificate in the chain; a certificate that fails is checked in
 * full every time, and nothing is remembered when revocation is checked.
 */
public final class RememberedTrust extends Merlin {
  private final PassedChecks trusted;

  public RememberedTrust(Duration remembered, Clock clock) {
    this.trusted = new PassedChecks(remembered, 1024, clock);
  }

  @Override
  public void verifyTrust(
      X509Certificate[] certificates,
      boolean enableRevocation,
      Collection<Pattern> subjectCertConstraints,
      Collection<Pattern> issuerCertConstraints)
      throws WSSecurityException {
    if (enableRevocation || certificates == null || certificates.length == 0) {
      super.verifyTrust(
          certificates, enableRevocation, subjectCertConstraints, issuerCertConstraints);
      return;
    }
    String key = key(certificates, subjectCertConstraints, issuerCertConstraints);
    if (trusted.passed(key)) {
      return;
    }
    super.verifyTrust(certificates, false, subjectCertConstraints, issuerCertConstraints);
    Instant firstExpiry = Instant.MAX;
    for (X509Certificate certificate : certificates) {
      Instant notAfter = certificate.getNotAfter().toInstant();
      firstExpiry = notAfter.isBefore(firstExpiry) ? notAfter : firstExpiry;
    }
    trusted.remember(key, firstExpiry);
  }

  /** The chain and the constraints it passed: the same chain under other constraints is new. */
  private static String key(
      X509Certificate[] certificates, Collection<Pattern> subject, Collection<Pattern> issuer)
      throws WSSecurityException {
    StringBuilder key = new StringBuilder();
    try {
      for (X509Certificate certificate : certificates) {
        key.append(Digests.sha256Hex(certificate.getEncoded())).append(' ');
      }
    } catch (CertificateEncodingException unreadable) {
      throw new WSSecurityException(
          WSSecurityException.ErrorCode.FAILED_AUTHENTICATION, unreadable);
    }
    return key.append(patterns(subject)).append(' ').append(patterns(issuer)).toString();
  }

  private static String patterns(Collection<Pattern> patterns) {
    return patterns == null ? "" : patterns.stream().map(Pattern::pattern).toList().toString();
  }
}
