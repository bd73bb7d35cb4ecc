package org.imihub.client;

import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.Dispatch;
import jakarta.xml.ws.Service;
import jakarta.xml.ws.handler.MessageContext;
import jakarta.xml.ws.soap.SOAPFaultException;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.xml.namespace.QName;
import javax.xml.transform.Source;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMResult;
import javax.xml.transform.dom.DOMSource;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.configuration.jsse.TLSClientParameters;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.jaxws.DispatchImpl;
import org.apache.cxf.transport.http.HTTPConduit;
import org.imihub.contract.hub.v1.Receipt;
import org.imihub.contract.signature.SigningIdentity;
import org.imihub.contract.soap.WsSecurityProfile;
import org.imihub.contract.xml.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Submits signed envelopes to the hub's SOAP service as one authority: mutual TLS with the
 * authority's certificate, and WS-Security as the WSDL's policy demands (the authority signs Body
 * and Timestamp; the hub's signed answer is verified against the trusted CAs).
 *
 * <p>Works on the payload as XML ({@code Dispatch<Source>}), never through JAXB, so the envelope's
 * own signature stays valid. The envelope is parsed and written again on the way, though: what the
 * hub receives is equivalent under C14N, not necessarily the same bytes. Thread-safe for {@link
 * #submit}; {@link #close} releases the private CXF bus it runs on (kept apart from any bus a
 * server in the same JVM uses).
 */
public final class SoapHubClient implements AutoCloseable {
  public static final String SOAP_NS = "urn:imi-hub:soap:v1";
  public static final QName SERVICE = new QName(SOAP_NS, "ImiHubService");
  public static final QName PORT = new QName(SOAP_NS, "ImiHubPort");
  public static final QName SUBMIT = new QName(SOAP_NS, "Submit");
  public static final String SUBMIT_ACTION = "urn:imi-hub:soap:v1:Submit";
  static final String WSDL = "/org/imihub/contract/wsdl/imi-hub-v1.wsdl";
  static final String AUTHORITY_ALIAS = "authority";

  private final Bus bus;
  private final Dispatch<Source> dispatch;
  private final X509Certificate hubCertificate;

  /**
   * @param hubCertificate the hub's signing certificate; the receipt must be signed with it
   */
  public SoapHubClient(
      URI endpoint,
      SigningIdentity authority,
      List<X509Certificate> trustedCas,
      X509Certificate hubCertificate) {
    this.hubCertificate = Objects.requireNonNull(hubCertificate, "hubCertificate");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(authority, "authority");
    URL wsdl =
        Objects.requireNonNull(
            SoapHubClient.class.getResource(WSDL), "the contract WSDL is not on the class path");
    this.bus = BusFactory.newInstance().createBus();
    // JAX-WS takes its bus from the thread; point it at ours only while the service is built,
    // so that this client neither uses nor changes the bus of a server in the same JVM.
    Bus previous = BusFactory.getAndSetThreadDefaultBus(bus);
    try {
      dispatch =
          Service.create(wsdl, SERVICE).createDispatch(PORT, Source.class, Service.Mode.PAYLOAD);
    } finally {
      BusFactory.setThreadDefaultBus(previous);
    }
    Map<String, Object> context = dispatch.getRequestContext();
    context.put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, endpoint.toString());
    // Named explicitly: otherwise a Dispatch runs as an anonymous operation, and the WSDL's
    // operation-level policy (SignedParts Body) would not apply to what it sends or receives.
    context.put(MessageContext.WSDL_OPERATION, SUBMIT);
    context.put(BindingProvider.SOAPACTION_USE_PROPERTY, Boolean.TRUE);
    context.put(BindingProvider.SOAPACTION_URI_PROPERTY, SUBMIT_ACTION);
    // Only the hub may sign the answer, not just anyone the CA certified.
    context.putAll(
        WsSecurityProfile.forIdentity(
            authority,
            AUTHORITY_ALIAS,
            trustedCas,
            Pattern.quote(hubCertificate.getSubjectX500Principal().getName())));

    Client client = ((DispatchImpl<?>) dispatch).getClient();
    client.getEndpoint().getEndpointInfo().setAddress(endpoint.toString());
    TLSClientParameters tls = new TLSClientParameters();
    tls.setKeyManagers(authority.keyManagers());
    tls.setTrustManagers(SigningIdentity.trustManagers(trustedCas));
    ((HTTPConduit) client.getConduit()).setTlsClientParameters(tls);
  }

  /**
   * Sends one signed envelope and returns the hub's receipt, once its signature (the hub's
   * certificate) and its digest (that of the envelope sent) are checked.
   *
   * @throws HubProblemException if the hub answers with a fault carrying a problem document
   * @throws SOAPFaultException for a fault without one; CXF also reports this way when the hub's
   *     answer fails this side's WS-Security checks (e.g. a signature that does not chain to a
   *     trusted CA), which is why such faults are not dressed up as the hub's
   * @throws jakarta.xml.ws.WebServiceException if the exchange itself fails (connection, TLS)
   */
  public Receipt submit(byte[] signedEnvelopeBytes) {
    // Parsed here, by the contract's hardened parser, rather than by CXF from a stream.
    Document envelope = SecureXml.parse(signedEnvelopeBytes);
    Source response;
    try {
      response = dispatch.invoke(new DOMSource(envelope));
    } catch (SOAPFaultException e) {
      Optional<HubProblemException> problem = HubProblemException.findIn(e.getFault().getDetail());
      if (problem.isEmpty()) {
        throw e;
      }
      problem.get().initCause(e);
      throw problem.get();
    }
    return Receipts.verify(
        SecureXml.toBytes(payloadElement(response)), signedEnvelopeBytes, hubCertificate);
  }

  @Override
  public void close() {
    try {
      ((Closeable) dispatch).close();
    } catch (IOException e) {
      // Closing CXF's client only releases resources; nothing useful to report.
    } finally {
      bus.shutdown(false);
    }
  }

  /**
   * POSTs a complete SOAP message as is, over mutual TLS, with no WS-Security processing at all:
   * for tests and diagnostics that need to send what a conforming client never would.
   */
  public static RawSoapResponse postRaw(
      URI endpoint,
      SigningIdentity tlsIdentity,
      List<X509Certificate> trustedCas,
      byte[] soapMessage) {
    HttpClient http =
        HttpClient.newBuilder()
            .sslContext(tlsIdentity.tlsContext(trustedCas))
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "text/xml; charset=UTF-8")
            .header("SOAPAction", "\"" + SUBMIT_ACTION + "\"")
            .POST(HttpRequest.BodyPublishers.ofByteArray(soapMessage))
            .build();
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new RawSoapResponse(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new IllegalStateException("cannot reach " + endpoint, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling " + endpoint, e);
    }
  }

  /** The status and body of a raw SOAP exchange. */
  public record RawSoapResponse(int status, byte[] body) {
    /** The problem in the fault detail, if the body is a fault that carries one. */
    public Optional<HubProblemException> problem() {
      if (body == null || body.length == 0) {
        return Optional.empty();
      }
      try {
        return HubProblemException.findIn(SecureXml.parse(body));
      } catch (RuntimeException notXml) {
        return Optional.empty();
      }
    }
  }

  private static Element payloadElement(Source source) {
    Node node = source instanceof DOMSource dom ? dom.getNode() : null;
    if (node == null) {
      try {
        DOMResult result = new DOMResult();
        TransformerFactory.newDefaultInstance().newTransformer().transform(source, result);
        node = result.getNode();
      } catch (TransformerException e) {
        throw new IllegalStateException("cannot read the hub's answer", e);
      }
    }
    if (node instanceof Document document) {
      node = document.getDocumentElement();
    }
    if (!(node instanceof Element element)) {
      throw new IllegalStateException("the hub's answer has no payload element");
    }
    return element;
  }
}
