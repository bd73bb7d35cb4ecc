package org.imihub.connectors.soap;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.imihub.contract.signature.SigningIdentity;

/**
 * The keys of the SOAP channel's message security: the hub signs its answers with {@code
 * hubIdentity} (the WSDL's RecipientToken), and accepts a request signature only from a certificate
 * that chains to one of {@code trustedCas}.
 */
public record SoapChannelSecurity(SigningIdentity hubIdentity, List<X509Certificate> trustedCas) {
  public SoapChannelSecurity {
    Objects.requireNonNull(hubIdentity, "hubIdentity");
    trustedCas = List.copyOf(trustedCas);
    if (trustedCas.isEmpty()) {
      throw new IllegalArgumentException("at least one trusted CA certificate is needed");
    }
  }
}
