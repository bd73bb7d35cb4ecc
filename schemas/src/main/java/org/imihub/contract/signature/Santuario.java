package org.imihub.contract.signature;

import org.apache.xml.security.Init;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.utils.Constants;
import org.apache.xml.security.utils.ElementProxy;

/** Initialises Apache Santuario once, with the "ds" prefix for signature elements. */
final class Santuario {
  private Santuario() {}

  static synchronized void init() {
    if (Init.isInitialized()) {
      return;
    }
    initWss4jFirst();
    Init.init();
    try {
      ElementProxy.setDefaultPrefix(Constants.SignatureSpecNS, "ds");
    } catch (XMLSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Santuario's message bundle is installed once, by whoever initialises first. Where WSS4J is on
   * the class path (the SOAP channel and client), it must go first, or every WS-Security error
   * reads "No message with ID ... found".
   */
  private static void initWss4jFirst() {
    try {
      Class.forName("org.apache.wss4j.dom.engine.WSSConfig").getMethod("init").invoke(null);
    } catch (ClassNotFoundException noWss4j) {
      // No SOAP here: Santuario's own bundle is the right one.
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("WSS4J is present but cannot be initialised", e);
    }
  }
}
