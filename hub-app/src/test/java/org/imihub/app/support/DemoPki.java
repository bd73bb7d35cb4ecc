package org.imihub.app.support;

import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.imihub.client.HubClient;
import org.imihub.contract.signature.SigningIdentity;
import org.imihub.contract.signature.XmlSigner;

/** The demo PKI in config/demo-pki, as the tests use it. */
public final class DemoPki {
  public static final Path DIR = Path.of("../config/demo-pki");

  private DemoPki() {}

  public static SigningIdentity identity(String name) {
    return SigningIdentity.fromPem(DIR.resolve(name + ".key"), DIR.resolve(name + ".crt"));
  }

  public static XmlSigner signer(String name) {
    return new XmlSigner(identity(name));
  }

  public static List<X509Certificate> cas() {
    return SigningIdentity.readCertificates(DIR.resolve("ca.crt"));
  }

  public static X509Certificate hubCertificate() {
    return SigningIdentity.readCertificates(DIR.resolve("hub-documents.crt")).get(0);
  }

  /** A REST client of the hub on {@code port}, as demo authority {@code authorityId}. */
  public static HubClient client(String authorityId, int port) {
    return new HubClient(
        URI.create("https://localhost:" + port),
        authorityId,
        identity(authorityId),
        cas(),
        hubCertificate());
  }
}
