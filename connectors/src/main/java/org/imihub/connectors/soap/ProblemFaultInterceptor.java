package org.imihub.connectors.soap;

import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Exchange;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.ws.policy.PolicyException;
import org.apache.wss4j.common.ext.WSSecurityException;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Gives every fault of the SOAP channel the same problem document REST errors have, on the
 * out-fault chain so that one place covers both the handler's refusals and the failures CXF raises
 * itself before the endpoint runs (WS-Security processing, WS-SecurityPolicy verification). Runs
 * before the fault is marshalled, which is when CXF reads code, string and detail.
 */
public class ProblemFaultInterceptor extends AbstractPhaseInterceptor<Message> {
  private static final Logger log = LoggerFactory.getLogger(ProblemFaultInterceptor.class);
  public static final String PROBLEM_NS = "urn:ietf:rfc:7807";
  static final String WSSE_NS =
      "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
  static final String WSU_NS =
      "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";

  public ProblemFaultInterceptor() {
    super(Phase.PRE_LOGICAL);
  }

  @Override
  public void handleMessage(Message message) {
    Exception exception = message.getContent(Exception.class);
    if (exception == null) {
      return;
    }
    Fault fault = exception instanceof Fault f ? f : new Fault(exception);
    HubException problem = classify(fault, isAnswering(message));
    if (problem == null) {
      return; // the caller's SOAP-level mistake, which CXF's own fault already describes
    }
    ErrorCode code = problem.code();
    // Fault.FAULT_CODE_CLIENT/SERVER become soap:Client/Server (1.1) or Sender/Receiver (1.2).
    fault.setFaultCode(code.httpStatus() < 500 ? Fault.FAULT_CODE_CLIENT : Fault.FAULT_CODE_SERVER);
    fault.setMessage(code.sentence());
    fault.setDetail(null);
    Element detail = fault.getOrCreateDetail();
    detail.appendChild(problemElement(detail.getOwnerDocument(), code, problem.detail()));
    message.setContent(Exception.class, fault);
  }

  /**
   * Whether the failure happened while the hub was securing its own answer (the endpoint had run,
   * so an out message exists) rather than while checking the request.
   */
  private static boolean isAnswering(Message message) {
    Exchange exchange = message.getExchange();
    return exchange != null && exchange.getOutMessage() != null;
  }

  /** What to tell the caller, or null to leave CXF's own fault alone. */
  static HubException classify(Fault fault, boolean answering) {
    boolean security = isSecurityFaultCode(fault.getFaultCode());
    for (Throwable t = fault; t != null; t = t.getCause()) {
      if (t instanceof HubException hub) {
        return hub;
      }
      if (t instanceof WSSecurityException || t instanceof PolicyException) {
        security = true;
      }
    }
    if (security && !answering) {
      // CXF keeps WSS4J's reasons generic on purpose (no oracle for attackers); the policy
      // verifier's message names the unmet assertions, which is what a caller needs to fix.
      return new HubException(ErrorCode.WS_SECURITY_FAILED, fault.getMessage());
    }
    if (security
        || Fault.FAULT_CODE_SERVER.equals(fault.getFaultCode())
        || isReceiverCode(fault.getFaultCode())) {
      // An unexpected failure inside the hub (including failing to sign its own answer): its
      // message is internal, so it does not go out, but the operator needs its cause.
      log.error("SOAP request failed inside the hub", fault);
      return new HubException(ErrorCode.INTERNAL_ERROR, ErrorCode.INTERNAL_ERROR.sentence());
    }
    return null;
  }

  private static boolean isSecurityFaultCode(QName code) {
    return code != null
        && (WSSE_NS.equals(code.getNamespaceURI()) || WSU_NS.equals(code.getNamespaceURI()));
  }

  private static boolean isReceiverCode(QName code) {
    return code != null
        && ("Server".equals(code.getLocalPart()) || "Receiver".equals(code.getLocalPart()));
  }

  /** The problem element of problem-v1.xsd: type, title, status, detail, code. */
  static Element problemElement(Document document, ErrorCode code, String detail) {
    Element problem = document.createElementNS(PROBLEM_NS, "problem");
    // Declared explicitly: the detail is written out node by node, not namespace-repaired.
    problem.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns", PROBLEM_NS);
    append(problem, "type", code.typeUri());
    append(problem, "title", code.sentence());
    append(problem, "status", Integer.toString(code.httpStatus()));
    append(problem, "detail", detail);
    append(problem, "code", code.name());
    return problem;
  }

  private static void append(Element parent, String name, String text) {
    Element child = parent.getOwnerDocument().createElementNS(PROBLEM_NS, name);
    child.setTextContent(text);
    parent.appendChild(child);
  }
}
