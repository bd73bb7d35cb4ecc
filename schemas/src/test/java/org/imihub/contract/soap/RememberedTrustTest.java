package org.imihub.contract.soap;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.wss4j.common.ext.WSSecurityException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.imihub.contract.signature.SigningIdentity;
import org.imihub.contract.testsupport.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The trust check of SOAP signers, remembered: a pass is not checked again for a while, never past
 * the certificate's expiry; a failure is never remembered.
 */
class RememberedTrustTest {
  private static final Duration REMEMBERED = Duration.ofMinutes(10);
  private static final List<Pattern> ANY_SUBJECT = List.of(Pattern.compile(".*"));

  private final Instant start = Instant.now();
  private final MutableClock clock = new MutableClock(start);

  private Issued ca;
  private RememberedTrust trust;

  @BeforeEach
  void trustOneCa() throws Exception {
    ca = Issued.ca("CN=Test CA");
    trust = new RememberedTrust(REMEMBERED, clock);
    trustOnly(ca.certificate);
  }

  // A signer that passed is not checked again (the CA leaving the trust store is not seen) for
  // ten minutes, or until its certificate expires if that comes first; then it is checked in full.
  @ParameterizedTest(name = "certificate valid {0} min: trusted at {1} s, checked again at {2} s")
  @CsvSource({"1440, 599, 600", "3, 120, 240"})
  void passIsRememberedForAWhile(long validMinutes, long stillTrusted, long checkedAgain)
      throws Exception {
    X509Certificate signer = ca.issue("CN=FR-CNOM", Duration.ofMinutes(validMinutes));
    assertTrusted(signer, ANY_SUBJECT);

    trustOnly();
    clock.advance(Duration.ofSeconds(stillTrusted));
    assertTrusted(signer, ANY_SUBJECT);
    clock.advance(Duration.ofSeconds(checkedAgain - stillTrusted));
    assertRefused(signer, ANY_SUBJECT);
  }

  // A signer from an unknown CA is refused every time; once its CA is trusted, it passes: a
  // failure was never remembered.
  @Test
  void failureIsNeverRemembered() throws Exception {
    Issued unknown = Issued.ca("CN=Unknown CA");
    X509Certificate signer = unknown.issue("CN=XX-STRANGER", Duration.ofDays(1));
    assertRefused(signer, ANY_SUBJECT);
    assertRefused(signer, ANY_SUBJECT);

    trustOnly(ca.certificate, unknown.certificate);
    assertTrusted(signer, ANY_SUBJECT);
  }

  // A pass under one subject constraint says nothing about another.
  @Test
  void passHoldsOnlyForTheConstraintsItWasCheckedUnder() throws Exception {
    X509Certificate signer = ca.issue("CN=FR-CNOM", Duration.ofDays(1));
    assertTrusted(signer, List.of(Pattern.compile(".*CN=FR-CNOM.*")));
    assertRefused(signer, List.of(Pattern.compile(".*CN=HU-EEKH.*")));
  }

  private void trustOnly(X509Certificate... cas) {
    trust.setTrustStore(SigningIdentity.trustStore(List.of(cas)));
  }

  private void assertTrusted(X509Certificate signer, List<Pattern> subjects) {
    assertThatCode(
            () -> trust.verifyTrust(new X509Certificate[] {signer}, false, subjects, List.of()))
        .doesNotThrowAnyException();
  }

  private void assertRefused(X509Certificate signer, List<Pattern> subjects) {
    assertThatThrownBy(
            () -> trust.verifyTrust(new X509Certificate[] {signer}, false, subjects, List.of()))
        .isInstanceOf(WSSecurityException.class);
  }

  /** A CA of its own making, which issues certificates valid from a minute ago. */
  private record Issued(KeyPair keys, X509Certificate certificate) {
    private static long serial = 1;

    static Issued ca(String name) throws Exception {
      KeyPair keys = newKeys();
      var builder =
          new JcaX509v3CertificateBuilder(
              new X500Name(name),
              BigInteger.valueOf(serial++),
              Date.from(Instant.now().minusSeconds(60)),
              Date.from(Instant.now().plus(Duration.ofDays(2))),
              new X500Name(name),
              keys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      return new Issued(keys, sign(builder, keys));
    }

    X509Certificate issue(String subject, Duration validity) throws Exception {
      var builder =
          new JcaX509v3CertificateBuilder(
              certificate,
              BigInteger.valueOf(serial++),
              Date.from(Instant.now().minusSeconds(60)),
              Date.from(Instant.now().plus(validity)),
              new X500Name(subject),
              newKeys().getPublic());
      return sign(builder, keys);
    }

    private static KeyPair newKeys() throws Exception {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, KeyPair issuer)
        throws Exception {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
    }
  }
}
