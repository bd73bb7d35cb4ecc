package org.imihub.routes;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.imihub.contract.signature.SigningIdentity;
import org.imihub.contract.signature.XmlSigner;
import org.imihub.routes.procedure.ProcedureCatalogue;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/** The routes library's beans: the hub's signing identity, its procedures and the trusted CAs. */
@Configuration
@ComponentScan
@EnableConfigurationProperties(HubProperties.class)
public class RoutesConfiguration {

  @Bean
  public SigningIdentity hubIdentity(HubProperties properties) {
    return SigningIdentity.fromPem(
        Path.of(properties.identity().privateKey()), Path.of(properties.identity().certificate()));
  }

  /** Signs the hub's documents: with the document key if one is configured, else the hub's. */
  @Bean
  public XmlSigner hubSigner(HubProperties properties, SigningIdentity hubIdentity) {
    HubProperties.Identity identity = properties.identity();
    if (identity.documentKey() == null || identity.documentKey().isBlank()) {
      return new XmlSigner(hubIdentity);
    }
    return new XmlSigner(
        SigningIdentity.fromPem(
            Path.of(identity.documentKey()), Path.of(identity.documentCertificate())));
  }

  /** The procedures, read and checked at start-up: a wrong procedure file stops the hub. */
  @Bean
  public ProcedureCatalogue procedures(HubProperties properties) {
    return ProcedureCatalogue.load(properties.proceduresPath());
  }

  /** The CAs whose certificates the hub trusts for TLS and WS-Security. */
  @Bean
  public TrustedCas trustedCas(HubProperties properties) {
    List<X509Certificate> certificates = new ArrayList<>();
    for (String file : properties.identity().trustedCas()) {
      certificates.addAll(SigningIdentity.readCertificates(Path.of(file)));
    }
    return new TrustedCas(List.copyOf(certificates));
  }

  /** The trusted CA certificates, as one injectable value. */
  public record TrustedCas(List<X509Certificate> certificates) {}
}
