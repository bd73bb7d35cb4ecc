package org.imihub.connectors.soap;

import jakarta.annotation.Resource;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.xml.ws.Provider;
import jakarta.xml.ws.Service;
import jakarta.xml.ws.ServiceMode;
import jakarta.xml.ws.WebServiceContext;
import jakarta.xml.ws.WebServiceProvider;
import jakarta.xml.ws.handler.MessageContext;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.xml.transform.dom.DOMSource;
import org.apache.wss4j.dom.WSConstants;
import org.apache.wss4j.dom.engine.WSSecurityEngineResult;
import org.apache.wss4j.dom.handler.WSHandlerConstants;
import org.apache.wss4j.dom.handler.WSHandlerResult;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.contract.xml.ContractSchemas;
import org.imihub.contract.xml.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The hub's SOAP endpoint. It works on the payload as XML rather than through JAXB because the
 * envelope carries its own enveloped signature: unmarshalling and marshalling again could change
 * what was signed. By the time {@link #invoke} runs, CXF has enforced the WSDL's WS-SecurityPolicy
 * (signature over Body and Timestamp, trusted certificate, algorithms).
 *
 * <p>Not meant to be a Spring bean: CXF injects {@link #context}, and Spring would try to resolve
 * that {@code @Resource} itself. {@link SoapChannelConfiguration} creates it.
 */
@WebServiceProvider(
    serviceName = "ImiHubService",
    portName = "ImiHubPort",
    targetNamespace = "urn:imi-hub:soap:v1",
    wsdlLocation = "classpath:org/imihub/contract/wsdl/imi-hub-v1.wsdl")
@ServiceMode(Service.Mode.PAYLOAD)
public class SoapChannel implements Provider<DOMSource> {
  static final String ENVELOPE_NS = ContractSchemas.ENVELOPE_NS;

  /** The attribute a Servlet container puts the TLS client chain under (Servlet 6). */
  static final String TLS_CLIENT_CHAIN = "jakarta.servlet.request.X509Certificate";

  private final SoapSubmissionHandler handler;

  @Resource private WebServiceContext context;

  public SoapChannel(SoapSubmissionHandler handler) {
    this.handler = Objects.requireNonNull(handler, "handler");
  }

  @Override
  public DOMSource invoke(DOMSource request) {
    Element envelope = theEnvelope(request);
    // SecureXml.toBytes writes the element as it is in the tree, without indenting, so the
    // enveloped signature (exclusive C14N) still verifies over the bytes the handler gets.
    // They are a re-serialisation, though: the sender's own form of empty elements, line
    // ends or spaces inside tags is not kept, so a digest over them is the hub's, not the
    // sender's, unless the sender serialised the same way (as SecureXml does).
    byte[] envelopeBytes = SecureXml.toBytes(envelope);
    MessageContext messageContext = context.getMessageContext();
    byte[] receipt =
        handler.submit(tlsClient(messageContext), wsSecuritySigner(messageContext), envelopeBytes);
    // The receipt is already signed by the hub: hand its tree over as is.
    Document receiptDocument = SecureXml.parse(receipt);
    return new DOMSource(receiptDocument);
  }

  private static Element theEnvelope(DOMSource request) {
    Node node = request == null ? null : request.getNode();
    if (node instanceof Document document) {
      node = document.getDocumentElement();
    }
    if (!(node instanceof Element element)
        || !ENVELOPE_NS.equals(element.getNamespaceURI())
        || !"Envelope".equals(element.getLocalName())) {
      throw new HubException(
          ErrorCode.SCHEMA_VIOLATION,
          "The SOAP Body must hold one {" + ENVELOPE_NS + "}Envelope element.");
    }
    return element;
  }

  private static X509Certificate tlsClient(MessageContext messageContext) {
    Object request = messageContext.get(MessageContext.SERVLET_REQUEST);
    Object chain =
        request instanceof HttpServletRequest http ? http.getAttribute(TLS_CLIENT_CHAIN) : null;
    if (chain instanceof X509Certificate[] certificates && certificates.length > 0) {
      return certificates[0];
    }
    // Only reachable if the connector is configured with client-auth "want" or plain HTTP.
    throw new HubException(
        ErrorCode.CLIENT_CERTIFICATE_UNKNOWN, "The connection carries no TLS client certificate.");
  }

  /**
   * The certificate behind the message signature, from the WSS4J results CXF keeps. The policy
   * allows one initiator signature; should there be several, they must all be by the same
   * certificate, or it would be unclear whose message this is.
   */
  private static X509Certificate wsSecuritySigner(MessageContext messageContext) {
    List<X509Certificate> signers = new ArrayList<>();
    if (messageContext.get(WSHandlerConstants.RECV_RESULTS) instanceof List<?> results) {
      for (Object result : results) {
        if (result instanceof WSHandlerResult handlerResult) {
          Map<Integer, List<WSSecurityEngineResult>> byAction = handlerResult.getActionResults();
          for (WSSecurityEngineResult signature :
              byAction.getOrDefault(WSConstants.SIGN, List.of())) {
            if (signature.get(WSSecurityEngineResult.TAG_X509_CERTIFICATE)
                    instanceof X509Certificate certificate
                && !signers.contains(certificate)) {
              signers.add(certificate);
            }
          }
        }
      }
    }
    if (signers.size() != 1) {
      throw new HubException(
          ErrorCode.WS_SECURITY_FAILED,
          signers.isEmpty()
              ? "The message carries no verified X.509 WS-Security signature."
              : "The message carries WS-Security signatures by "
                  + signers.size()
                  + " different certificates.");
    }
    return signers.get(0);
  }
}
