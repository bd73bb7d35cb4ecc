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
    Init.init();
    try {
      ElementProxy.setDefaultPrefix(Constants.SignatureSpecNS, "ds");
    } catch (XMLSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
