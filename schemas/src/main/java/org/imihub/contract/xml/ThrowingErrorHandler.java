package org.imihub.contract.xml;

import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

/** Turns every parser or validator complaint into an exception instead of a line on stderr. */
public enum ThrowingErrorHandler implements ErrorHandler {
  INSTANCE;

  @Override
  public void warning(SAXParseException e) {
    // Warnings do not make a document invalid.
  }

  @Override
  public void error(SAXParseException e) throws SAXParseException {
    throw e;
  }

  @Override
  public void fatalError(SAXParseException e) throws SAXParseException {
    throw e;
  }
}
