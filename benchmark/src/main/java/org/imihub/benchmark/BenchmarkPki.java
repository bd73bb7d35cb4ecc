package org.imihub.benchmark;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.imihub.contract.signature.SigningIdentity;

/**
 * The keys the benchmark signs with: the demo PKI's (config/demo-pki) for the demo authorities and
 * the hub, and freshly issued ones for the many authorities a fan-out reaches. Those are issued by
 * the demo CA, so the hub treats them exactly as the demo authorities' (DEMO keys, like the CA's).
 */
final class BenchmarkPki {
  private final Path demoPki;
  private final SigningIdentity ca;

  BenchmarkPki(Path demoPki) {
    this.demoPki = demoPki;
    this.ca = demo("ca");
  }

  SigningIdentity demo(String name) {
    return SigningIdentity.fromPem(demoPki.resolve(name + ".key"), demoPki.resolve(name + ".crt"));
  }

  List<X509Certificate> trustedCas() {
    return List.of(ca.certificate());
  }

  /** The certificate the hub signs its documents with (receipts, deliveries). */
  X509Certificate hubCertificate() {
    return hubDocuments().certificate();
  }

  /** The hub's document-signing identity (config/demo-pki/hub-documents). */
  SigningIdentity hubDocuments() {
    return demo("hub-documents");
  }

  /**
   * A new EC P-256 key and a certificate for {@code authorityId} signed by the demo CA, its PEM
   * written to {@code certificateFile} for the directory. EC because a thousand RSA keys would take
   * the benchmark a minute to make.
   */
  SigningIdentity issue(String authorityId, String country, Path certificateFile) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair keys = generator.generateKeyPair();
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              ca.certificate(),
              new BigInteger(64, new java.security.SecureRandom()),
              Date.from(now.minus(Duration.ofMinutes(5))),
              Date.from(now.plus(Duration.ofDays(30))),
              new X500Name("C=" + country + ",O=imi-hub benchmark (DEMO),CN=" + authorityId),
              keys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      X509Certificate certificate =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(
                      new JcaContentSignerBuilder("SHA256withRSA").build(ca.privateKey())));
      StringWriter pem = new StringWriter();
      try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
        writer.writeObject(certificate);
      }
      Files.writeString(certificateFile, pem.toString());
      return new SigningIdentity(keys.getPrivate(), certificate);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot issue a benchmark certificate: " + e, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
