package org.imihub.contract.signature;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Keys and self-signed certificates made on the spot, for tests that sign. */
public final class TestIdentities {
  private TestIdentities() {}

  /**
   * An RSA key of {@code bits} or an EC P-256 key, with a certificate valid from yesterday to
   * tomorrow.
   */
  public static SigningIdentity selfSigned(String algorithm, int bits) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
    if ("EC".equals(algorithm)) {
      generator.initialize(new ECGenParameterSpec("secp256r1"));
    } else {
      generator.initialize(bits);
    }
    KeyPair keys = generator.generateKeyPair();
    Instant now = Instant.now();
    var builder =
        new JcaX509v3CertificateBuilder(
            new X500Name("CN=test"),
            BigInteger.ONE,
            Date.from(now.minus(1, ChronoUnit.DAYS)),
            Date.from(now.plus(1, ChronoUnit.DAYS)),
            new X500Name("CN=test"),
            keys.getPublic());
    String signatureAlgorithm = "EC".equals(algorithm) ? "SHA256withECDSA" : "SHA256withRSA";
    return new SigningIdentity(
        keys.getPrivate(),
        new JcaX509CertificateConverter()
            .getCertificate(
                builder.build(
                    new JcaContentSignerBuilder(signatureAlgorithm).build(keys.getPrivate()))));
  }
}
