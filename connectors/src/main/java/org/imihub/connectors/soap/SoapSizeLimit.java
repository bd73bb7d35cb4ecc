package org.imihub.connectors.soap;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.imihub.connectors.channel.Problems;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.contract.xml.SecureXml;
import org.imihub.routes.HubProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a SOAP request whose declared size passes the hub's limit before CXF reads a byte of it,
 * with the same fault and problem document as any other SOAP refusal.
 */
@Configuration(proxyBeanMethods = false)
public class SoapSizeLimit {
  private static final String SOAP_FAULT =
      "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
          + "<soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>%s</faultstring><detail>%s</detail>"
          + "</soap:Fault></soap:Body></soap:Envelope>";

  @Bean
  public FilterRegistrationBean<OncePerRequestFilter> soapSizeLimitFilter(
      HubProperties properties) {
    long maxBytes = properties.ingest().maxMessageSize().toBytes();
    FilterRegistrationBean<OncePerRequestFilter> registration =
        new FilterRegistrationBean<>(
            new OncePerRequestFilter() {
              @Override
              protected void doFilterInternal(
                  HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                  throws ServletException, IOException {
                if (request.getContentLengthLong() <= maxBytes) {
                  chain.doFilter(request, response);
                  return;
                }
                HubException refusal =
                    new HubException(
                        ErrorCode.MESSAGE_TOO_LARGE,
                        "Messages may be at most " + maxBytes + " bytes.");
                String problem =
                    new String(
                        SecureXml.toBytes(
                            Problems.document(refusal, request.getRequestURI())
                                .getDocumentElement()),
                        StandardCharsets.UTF_8);
                response.setStatus(500);
                response.setContentType("text/xml;charset=UTF-8");
                response
                    .getOutputStream()
                    .write(
                        String.format(SOAP_FAULT, ErrorCode.MESSAGE_TOO_LARGE.sentence(), problem)
                            .getBytes(StandardCharsets.UTF_8));
              }
            });
    registration.addUrlPatterns("/soap/*");
    return registration;
  }
}
