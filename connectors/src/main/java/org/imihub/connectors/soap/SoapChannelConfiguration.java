package org.imihub.connectors.soap;

import jakarta.xml.ws.Endpoint;
import java.util.HashMap;
import org.apache.cxf.Bus;
import org.apache.cxf.jaxws.EndpointImpl;
import org.imihub.contract.signature.SigningIdentity;
import org.imihub.contract.soap.WsSecurityProfile;
import org.imihub.routes.RoutesConfiguration.TrustedCas;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Publishes {@link SoapChannel} on CXF's servlet at {@value #ADDRESS} (the application sets {@code
 * cxf.path=/soap}, so the service is /soap/v1 and its WSDL /soap/v1?wsdl). Message security comes
 * from the WS-SecurityPolicy in the WSDL; this only supplies the keys.
 */
@Configuration(proxyBeanMethods = false)
public class SoapChannelConfiguration {
  public static final String ADDRESS = "/v1";

  /** The alias of the hub's key in the in-memory key store WSS4J reads. */
  static final String HUB_ALIAS = "hub";

  @Bean
  public SoapChannelSecurity soapChannelSecurity(
      SigningIdentity hubIdentity, TrustedCas trustedCas) {
    return new SoapChannelSecurity(hubIdentity, trustedCas.certificates());
  }

  @Bean
  public Endpoint imiHubSoapEndpoint(
      Bus bus, SoapChannelSecurity security, SoapSubmissionHandler handler) {
    EndpointImpl endpoint = new EndpointImpl(bus, new SoapChannel(handler));
    endpoint.setProperties(
        new HashMap<>(
            WsSecurityProfile.forIdentity(
                security.hubIdentity(),
                HUB_ALIAS,
                security.trustedCas(),
                // Any certificate from a trusted CA passes here; SoapIngest then requires it to
                // be registered for the very authority whose TLS connection carries the message.
                ".*")));
    // Every fault, the ones CXF raises for WS-Security included, carries a problem document.
    endpoint.getOutFaultInterceptors().add(new ProblemFaultInterceptor());
    endpoint.publish(ADDRESS);
    return endpoint;
  }
}
