package org.imihub.connectors.soap;

import java.security.cert.X509Certificate;
import org.imihub.contract.HubException;

/**
 * What the SOAP channel hands a submission to once transport and message security have passed. The
 * channel only proves who connected and who signed the SOAP message; whether those certificates
 * belong to the envelope's sender is the handler's decision, exactly as for the REST channel.
 */
@FunctionalInterface
public interface SoapSubmissionHandler {

  /**
   * @param tlsClient the client certificate of the TLS connection
   * @param wsSecuritySigner the certificate whose key made the WS-Security signature over the SOAP
   *     Body and Timestamp (already verified and chained to a trusted CA)
   * @param envelopeBytes the {@code env:Envelope} element as the hub serialised it from the SOAP
   *     Body, with its own enveloped XML signature
   * @return the signed {@code hub:Receipt} document
   * @throws HubException to refuse; it becomes a SOAP fault carrying a problem document
   */
  byte[] submit(X509Certificate tlsClient, X509Certificate wsSecuritySigner, byte[] envelopeBytes);
}
