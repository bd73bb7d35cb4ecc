package org.imihub.connectors.channel;

import jakarta.servlet.http.HttpServletRequest;
import java.security.cert.X509Certificate;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.routes.directory.Directory;
import org.springframework.stereotype.Component;

/**
 * Who is calling: the authority whose registered certificate the TLS client presented. The TLS
 * layer has already checked the chain and the dates; this maps the certificate to an authority
 * through the directory.
 */
@Component
public class Callers {
  private static final String CLIENT_CERTIFICATES = "jakarta.servlet.request.X509Certificate";

  private final Directory directory;

  public Callers(Directory directory) {
    this.directory = directory;
  }

  public String of(HttpServletRequest request) {
    return authorityId(certificate(request));
  }

  public static X509Certificate certificate(HttpServletRequest request) {
    X509Certificate[] chain = (X509Certificate[]) request.getAttribute(CLIENT_CERTIFICATES);
    if (chain == null || chain.length == 0) {
      throw new HubException(
          ErrorCode.CLIENT_CERTIFICATE_UNKNOWN, "The connection presented no client certificate.");
    }
    return chain[0];
  }

  public String authorityId(X509Certificate certificate) {
    return directory
        .authorityIdOf(certificate)
        .orElseThrow(
            () ->
                new HubException(
                    ErrorCode.CLIENT_CERTIFICATE_UNKNOWN,
                    "The client certificate \""
                        + certificate.getSubjectX500Principal().getName()
                        + "\" is not registered for any authority."));
  }
}
