package org.imihub.connectors.dialect;

import java.nio.file.Path;
import javax.xml.transform.ErrorListener;
import javax.xml.transform.SourceLocator;
import javax.xml.transform.TransformerException;
import javax.xml.transform.dom.DOMSource;
import net.sf.saxon.trans.XPathException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.xslt.saxon.XsltSaxonBuilder;
import org.apache.camel.support.DefaultExchange;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.w3c.dom.Document;

/**
 * One of a dialect's stylesheets, compiled once at start-up and run by Camel's XSLT-Saxon
 * component. The component's {@link XsltSaxonBuilder} is used directly, without an endpoint: it is
 * what an {@code xslt-saxon:} endpoint runs, it keeps the compiled templates, and it takes the
 * closed Saxon factory, the folder-only resolver and the listeners as objects rather than as a URI
 * assembled from a path.
 */
final class Mapping {
  private final String name;
  private final CamelContext camel;
  private final XsltSaxonBuilder xslt;

  private Mapping(String name, CamelContext camel, XsltSaxonBuilder xslt) {
    this.name = name;
    this.camel = camel;
    this.xslt = xslt;
  }

  /**
   * Compiles {@code file}; a stylesheet that does not compile stops the start with a sentence
   * naming the file and Saxon's first error. {@code name} is how refusals name the mapping.
   */
  static Mapping compile(String name, Path file, CamelContext camel) {
    XsltSaxonBuilder xslt = new XsltSaxonBuilder();
    xslt.setTransformerFactory(ClosedSaxon.transformerFactory());
    xslt.setUriResolver(ClosedSaxon.folderOnly(file.getParent()));
    // xsl:message may quote the message's content, personal data: it goes nowhere.
    xslt.setXsltMessageLogger(message -> {});
    xslt.outputBytes();
    FirstError compiling = new FirstError();
    xslt.setErrorListener(compiling);
    try {
      xslt.setTransformerSource(ClosedSaxon.source(file));
    } catch (TransformerException e) {
      Throwable first = compiling.first == null ? e : compiling.first;
      throw new IllegalStateException(
          "Dialect stylesheet " + file + " does not compile (" + describe(first, true) + ").", e);
    }
    // From here on the listener is the transformations': an error ends the one it occurs in.
    xslt.setErrorListener(new ErrorsThrow());
    return new Mapping(name, camel, xslt);
  }

  /** The dialect and file, as refusals name it: {@code de-aerztekammer-v1/to-canonical.xsl}. */
  String name() {
    return name;
  }

  /**
   * Runs the mapping; a failure (a dynamic error, an error the stylesheet raises, a refused read)
   * is {@link ErrorCode#DIALECT_INVALID} naming the stylesheet's line and the error code only, and
   * without Saxon's exception as its cause: Saxon's message may quote the value it choked on.
   */
  byte[] apply(Document input) {
    Exchange exchange = new DefaultExchange(camel);
    exchange.getIn().setBody(new DOMSource(input));
    try {
      xslt.process(exchange);
    } catch (Exception e) {
      throw new HubException(
          ErrorCode.DIALECT_INVALID,
          "The mapping " + name + " failed (" + describe(e, false) + ").");
    }
    return exchange.getMessage().getBody(byte[].class);
  }

  /** Where in the stylesheet and which error code; Saxon's message too if {@code withMessage}. */
  static String describe(Throwable failure, boolean withMessage) {
    XPathException saxon = saxonCause(failure);
    if (saxon == null) {
      return withMessage ? String.valueOf(failure.getMessage()) : "no detail";
    }
    StringBuilder text = new StringBuilder();
    SourceLocator at = saxon.getLocator();
    if (at != null && at.getLineNumber() > 0) {
      text.append("line ")
          .append(at.getLineNumber())
          .append(", column ")
          .append(at.getColumnNumber())
          .append(": ");
    }
    text.append(saxon.getErrorCodeQName() == null ? "error" : saxon.showErrorCode());
    if (withMessage) {
      text.append(" ").append(saxon.getMessage());
    }
    return text.toString();
  }

  private static XPathException saxonCause(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof XPathException saxon) {
        return saxon;
      }
      if (cause instanceof TransformerException transformer
          && transformer.getException() instanceof XPathException saxon) {
        return saxon;
      }
    }
    return null;
  }

  /**
   * Keeps the first error of a compilation, which Saxon reports with its line and code before it
   * gives up with a summary.
   */
  private static final class FirstError implements ErrorListener {
    private TransformerException first;

    @Override
    public void warning(TransformerException e) {}

    @Override
    public void error(TransformerException e) {
      first = first == null ? e : first;
    }

    @Override
    public void fatalError(TransformerException e) {
      error(e);
    }
  }

  /** Errors end the transformation; warnings are not logged (they may quote data). */
  private static final class ErrorsThrow implements ErrorListener {
    @Override
    public void warning(TransformerException e) {}

    @Override
    public void error(TransformerException e) throws TransformerException {
      throw e;
    }

    @Override
    public void fatalError(TransformerException e) throws TransformerException {
      throw e;
    }
  }
}
