package org.imihub.connectors.dialect;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.xml.XMLConstants;
import javax.xml.transform.sax.SAXSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.contract.xml.SecureXml;
import org.imihub.contract.xml.ThrowingErrorHandler;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.XMLFilterImpl;

/**
 * A dialect's own XSD. Validation reads the document's bytes again, rather than its DOM, so that a
 * refusal can say the line and column and the element it is in, without quoting content.
 */
final class DialectSchema {
  private final String name;
  private final Schema schema;

  private DialectSchema(String name, Schema schema) {
    this.name = name;
    this.schema = schema;
  }

  /**
   * Loads {@code file} with nothing fetched: a dialect's XSD is self-contained, and imports or
   * includes nothing.
   */
  static DialectSchema load(String name, Path file) {
    SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    try {
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setErrorHandler(ThrowingErrorHandler.INSTANCE);
      return new DialectSchema(name, factory.newSchema(ClosedSaxon.source(file)));
    } catch (SAXParseException e) {
      throw new IllegalStateException(
          "Dialect schema "
              + file
              + " is not a valid XSD ("
              + SchemaErrors.position(e)
              + ": "
              + e.getMessage()
              + ").",
          e);
    } catch (SAXException e) {
      throw new IllegalStateException(
          "Dialect schema " + file + " is not a valid XSD (" + e.getMessage() + ").", e);
    }
  }

  /**
   * Throws {@link ErrorCode#DIALECT_INVALID} at the first violation, without the validator's
   * exception as its cause (its message quotes the value). The document must already have been
   * parsed with {@code SecureXml}: this second reading refuses DTDs as well.
   */
  void validate(byte[] document, String what) {
    ElementPath path = new ElementPath();
    path.setParent(SecureXml.newReader());
    Validator validator = schema.newValidator();
    validator.setErrorHandler(ThrowingErrorHandler.INSTANCE);
    try {
      validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      validator.validate(new SAXSource(path, new InputSource(new ByteArrayInputStream(document))));
    } catch (SAXParseException e) {
      throw new HubException(
          ErrorCode.DIALECT_INVALID,
          what
              + " does not conform to "
              + name
              + " at "
              + SchemaErrors.position(e)
              + " (in "
              + path
              + "): "
              + SchemaErrors.withoutValues(e));
    } catch (SAXException | IOException e) {
      throw new HubException(
          ErrorCode.DIALECT_INVALID, what + " cannot be validated against " + name + ".", e);
    }
  }

  /**
   * Passes the document through and keeps the path of open elements, so that a violation is placed
   * by element names (which are the schema's), not by the values.
   */
  private static final class ElementPath extends XMLFilterImpl {
    private final Deque<String> open = new ArrayDeque<>();
    private String last = "";

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts)
        throws SAXException {
      open.addLast(localName);
      super.startElement(uri, localName, qName, atts);
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
      // The element stays on the path while the validator checks its content.
      super.endElement(uri, localName, qName);
      last = toString();
      open.removeLast();
    }

    @Override
    public String toString() {
      return open.isEmpty() ? last : "/" + String.join("/", open);
    }
  }
}
