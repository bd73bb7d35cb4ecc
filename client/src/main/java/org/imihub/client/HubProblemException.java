package org.imihub.client;

import java.util.Optional;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The hub refused a request: the content of the problem document it sent back (RFC 9457 problem
 * details, urn:ietf:rfc:7807), so callers can switch on {@link #code()} as they do for REST errors.
 */
public class HubProblemException extends RuntimeException {
  public static final String PROBLEM_NS = "urn:ietf:rfc:7807";

  private final String code;
  private final int status;
  private final String detail;

  public HubProblemException(String code, int status, String title, String detail) {
    super(code + " (" + status + "): " + (title == null ? detail : title));
    this.code = code;
    this.status = status;
    this.detail = detail;
  }

  /** The hub's error code, an {@code ErrorCode} name such as RECIPIENT_UNKNOWN. */
  public String code() {
    return code;
  }

  /** The HTTP status the code stands for (the SOAP response itself is always 500). */
  public int status() {
    return status;
  }

  /** What in particular was wrong. */
  public String detail() {
    return detail;
  }

  /** Reads a {@code problem} element; empty if the element is not one. */
  public static Optional<HubProblemException> fromProblem(Element problem) {
    if (problem == null
        || !PROBLEM_NS.equals(problem.getNamespaceURI())
        || !"problem".equals(problem.getLocalName())) {
      return Optional.empty();
    }
    String status = child(problem, "status");
    int httpStatus;
    try {
      httpStatus = status == null ? 0 : Integer.parseInt(status.trim());
    } catch (NumberFormatException e) {
      httpStatus = 0;
    }
    return Optional.of(
        new HubProblemException(
            child(problem, "code"), httpStatus, child(problem, "title"), child(problem, "detail")));
  }

  /** Finds the first problem element at or under {@code node}. */
  static Optional<HubProblemException> findIn(Node node) {
    if (node instanceof Element element) {
      Optional<HubProblemException> here = fromProblem(element);
      if (here.isPresent()) {
        return here;
      }
    }
    for (Node child = node == null ? null : node.getFirstChild();
        child != null;
        child = child.getNextSibling()) {
      Optional<HubProblemException> found = findIn(child);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static String child(Element parent, String localName) {
    for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element element
          && PROBLEM_NS.equals(element.getNamespaceURI())
          && localName.equals(element.getLocalName())) {
        return element.getTextContent();
      }
    }
    return null;
  }
}
