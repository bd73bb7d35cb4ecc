package org.imihub.contract.signature;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * A private key and its certificate, read from PEM files (PKCS#8 key, X.509 certificate): how
 * authorities and the hub hold their keys. Also builds the in-memory key stores that TLS and
 * WS-Security want.
 */
public record SigningIdentity(PrivateKey privateKey, X509Certificate certificate) {

  public static SigningIdentity fromPem(Path keyFile, Path certificateFile) {
    try {
      return new SigningIdentity(
          readPrivateKey(Files.readString(keyFile, StandardCharsets.US_ASCII)),
          readCertificates(certificateFile).get(0));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read key or certificate: " + keyFile + ", " + certificateFile, e);
    }
  }

  public static List<X509Certificate> readCertificates(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return readCertificates(in);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read certificates from " + file, e);
    }
  }

  public static List<X509Certificate> readCertificates(InputStream in) {
    try {
      List<X509Certificate> certificates = new ArrayList<>();
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        certificates.add((X509Certificate) certificate);
      }
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException("no certificate found");
      }
      return certificates;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an X.509 certificate", e);
    }
  }

  public static X509Certificate readCertificate(String pem) {
    return readCertificates(
            new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
        .get(0);
  }

  static PrivateKey readPrivateKey(String pem) {
    String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64));
    for (String algorithm : List.of("RSA", "EC")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new IllegalArgumentException("not a PKCS#8 RSA or EC private key");
  }

  /**
   * A PKCS#12 store in memory holding this identity under {@code alias}, for TLS or WS-Security.
   */
  public KeyStore toKeyStore(String alias, char[] password) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(alias, privateKey, password, new Certificate[] {certificate});
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build an in-memory key store", e);
    }
  }

  /**
   * A TLS context that presents this identity as client (or server) certificate and trusts only
   * {@code trustedCas}.
   */
  public SSLContext tlsContext(List<X509Certificate> trustedCas) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers(), trustManagers(trustedCas), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a TLS context", e);
    }
  }

  /** Key managers that present this identity in TLS. */
  public KeyManager[] keyManagers() {
    try {
      char[] password =
          "in-memory".toCharArray(); // protects nothing: the store never leaves memory
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(toKeyStore("identity", password), password);
      return keys.getKeyManagers();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the TLS key", e);
    }
  }

  /** Trust managers that accept only certificates issued by {@code trustedCas}. */
  public static TrustManager[] trustManagers(List<X509Certificate> trustedCas) {
    try {
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trustStore(trustedCas));
      return trust.getTrustManagers();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the trusted CAs", e);
    }
  }

  /** A store of trusted certificates in memory, for TLS or WS-Security trust. */
  public static KeyStore trustStore(List<X509Certificate> trusted) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int i = 0;
      for (X509Certificate certificate : trusted) {
        store.setCertificateEntry("trusted-" + i++, certificate);
      }
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build an in-memory trust store", e);
    }
  }
}
