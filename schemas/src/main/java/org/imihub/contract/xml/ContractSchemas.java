package org.imihub.contract.xml;

import java.io.IOException;
import java.net.URL;
import javax.xml.XMLConstants;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/** Validates documents against the contract's XSDs (envelope, hub documents, problems). */
public final class ContractSchemas {
  /** The envelope's namespace (envelope-v1.xsd). */
  public static final String ENVELOPE_NS = "urn:imi-hub:envelope:v1";

  /** The namespace of the hub's own documents (hub-v1.xsd). */
  public static final String HUB_NS = "urn:imi-hub:hub:v1";

  public static final String XSD_FOLDER = "/org/imihub/contract/xsd/";
  public static final String WSDL = "/org/imihub/contract/wsdl/imi-hub-v1.wsdl";
  public static final String[] XSD_FILES = {
    "envelope-v1.xsd", "hub-v1.xsd", "problem-v1.xsd", "procedure-v1.xsd"
  };

  private static final Schema SCHEMA = load();
  private static final ThreadLocal<Validator> VALIDATOR =
      ThreadLocal.withInitial(ContractSchemas::newValidator);

  private ContractSchemas() {}

  /** Throws {@link ErrorCode#SCHEMA_VIOLATION} naming the first violation and where it is. */
  public static void validate(Node document) {
    // No validator.reset(): the JDK's validator loses its security settings on reset.
    Validator validator = VALIDATOR.get();
    try {
      validator.validate(new DOMSource(document));
    } catch (SAXParseException e) {
      throw new HubException(ErrorCode.SCHEMA_VIOLATION, "Schema violation: " + e.getMessage(), e);
    } catch (SAXException | IOException e) {
      throw new HubException(ErrorCode.SCHEMA_VIOLATION, "Schema violation: " + e.getMessage(), e);
    }
  }

  private static Schema load() {
    SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    try {
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      // The contract's own files import each other from the class path; nothing else is fetched.
      factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file,jar:file");
      factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      StreamSource[] sources = new StreamSource[XSD_FILES.length];
      for (int i = 0; i < XSD_FILES.length; i++) {
        URL url = ContractSchemas.class.getResource(XSD_FOLDER + XSD_FILES[i]);
        sources[i] = new StreamSource(url.toExternalForm());
      }
      return factory.newSchema(sources);
    } catch (SAXException e) {
      throw new IllegalStateException("the contract's XSDs do not load", e);
    }
  }

  private static Validator newValidator() {
    Validator validator = SCHEMA.newValidator();
    validator.setErrorHandler(ThrowingErrorHandler.INSTANCE);
    try {
      validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    } catch (SAXException e) {
      throw new IllegalStateException(e);
    }
    return validator;
  }
}
