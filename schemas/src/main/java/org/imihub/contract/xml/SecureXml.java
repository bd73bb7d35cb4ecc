package org.imihub.contract.xml;

import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerConfigurationException;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

/**
 * The only way the hub and its client turn bytes into XML and back. Parsing refuses any document
 * type declaration, so no entity (external or expanding) is ever resolved.
 */
public final class SecureXml {
  private static final String DISALLOW_DOCTYPE =
      "http://apache.org/xml/features/disallow-doctype-decl";
  private static final String DEFER_NODE_EXPANSION =
      "http://apache.org/xml/features/dom/defer-node-expansion";
  private static final DocumentBuilderFactory FACTORY = newFactory();
  private static final SAXParserFactory SAX_PARSERS = newSaxParserFactory();
  private static final ThreadLocal<DocumentBuilder> BUILDER =
      ThreadLocal.withInitial(SecureXml::newBuilder);
  private static final TransformerFactory TRANSFORMERS = newTransformerFactory();
  // One per thread, as the parser: building a transformer and its output properties cost a fifth
  // of serialising (docs/performance.md); reset before each use.
  private static final ThreadLocal<Transformer> TRANSFORMER =
      ThreadLocal.withInitial(SecureXml::newTransformer);
  private static final ThreadLocal<Output> OUTPUT = ThreadLocal.withInitial(Output::new);

  /**
   * Where a thread's transformer writes: bytes kept from one document to the next, and one buffered
   * UTF-8 writer over them. Given an output stream, the JDK's serialiser makes a 16 KB UTF-8 buffer
   * of its own for every document, and a fresh stream grows from 32 bytes by copies. Through a bare
   * {@link OutputStreamWriter} every one of its many small writes wraps a new {@code CharBuffer},
   * and every string it writes is first copied into a new {@code char[]} (a tenth of all the hub
   * allocated under load); the buffered writer copies them into its own array instead. What each
   * step saved: docs/performance.md.
   */
  private static final class Output {
    /** A thread keeps no more than this between documents: a large message's bytes go. */
    static final int KEPT_BYTES = 256 * 1024;

    final Bytes bytes = new Bytes();
    final Writer writer = new BufferedWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8));
  }

  private static final class Bytes extends ByteArrayOutputStream {
    Bytes() {
      super(16 * 1024);
    }

    int capacity() {
      return buf.length;
    }
  }

  private SecureXml() {}

  public static Document parse(byte[] bytes) {
    DocumentBuilder builder = BUILDER.get();
    builder.reset();
    try {
      return builder.parse(new ByteArrayInputStream(bytes));
    } catch (SAXParseException e) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("DOCTYPE")) {
        throw new HubException(ErrorCode.DTD_FORBIDDEN, ErrorCode.DTD_FORBIDDEN.sentence(), e);
      }
      throw new HubException(
          ErrorCode.MALFORMED_XML,
          "Not well-formed at line "
              + e.getLineNumber()
              + ", column "
              + e.getColumnNumber()
              + ": "
              + message,
          e);
    } catch (SAXException | IOException e) {
      throw new HubException(ErrorCode.MALFORMED_XML, ErrorCode.MALFORMED_XML.sentence(), e);
    }
  }

  public static Document newDocument() {
    return BUILDER.get().newDocument();
  }

  /** Serialises a document or element as UTF-8 without reformatting, so signatures stay valid. */
  public static byte[] toBytes(Node node) {
    Transformer transformer = TRANSFORMER.get();
    transformer.reset();
    transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
    transformer.setOutputProperty(
        OutputKeys.OMIT_XML_DECLARATION, node instanceof Document ? "no" : "yes");
    Output output = OUTPUT.get();
    boolean whole = false;
    try {
      transformer.transform(new DOMSource(node), new StreamResult(output.writer));
      output.writer.flush();
      byte[] written = output.bytes.toByteArray();
      whole = true;
      return written;
    } catch (TransformerException | IOException e) {
      throw new IllegalStateException("serialising a DOM tree cannot fail", e);
    } finally {
      output.bytes.reset();
      // After a failure half a document may wait in the writer, and a large message's bytes are
      // not kept: the thread's next document gets a new output.
      if (!whole || output.bytes.capacity() > Output.KEPT_BYTES) {
        OUTPUT.remove();
      }
    }
  }

  /**
   * A namespace-aware SAX reader with the same refusals, for libraries that read XML themselves (a
   * dialect's Saxon): no document type declaration, no external entity.
   */
  public static XMLReader newReader() {
    try {
      return SAX_PARSERS.newSAXParser().getXMLReader();
    } catch (ParserConfigurationException | SAXException e) {
      throw new IllegalStateException("the JDK's SAX parser must support secure processing", e);
    }
  }

  private static SAXParserFactory newSaxParserFactory() {
    SAXParserFactory factory = SAXParserFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setXIncludeAware(false);
    try {
      refuseDtdsAndEntities(factory::setFeature);
    } catch (ParserConfigurationException | SAXException e) {
      throw new IllegalStateException("the JDK's SAX parser must support secure processing", e);
    }
    return factory;
  }

  /** The features both parsers are set with. */
  private interface Features {
    void set(String feature, boolean value) throws ParserConfigurationException, SAXException;
  }

  private static void refuseDtdsAndEntities(Features features)
      throws ParserConfigurationException, SAXException {
    features.set(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    features.set(DISALLOW_DOCTYPE, true);
    features.set("http://xml.org/sax/features/external-general-entities", false);
    features.set("http://xml.org/sax/features/external-parameter-entities", false);
    features.set("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
  }

  private static DocumentBuilderFactory newFactory() {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setXIncludeAware(false);
    factory.setExpandEntityReferences(false);
    try {
      // The hub reads every node of most of what it parses (schema, canonicalisation, serialising):
      // built at once, a 3 KB envelope's tree costs half the memory of Xerces's deferred one,
      // which keeps the document in arrays first and makes the nodes when they are read.
      factory.setFeature(DEFER_NODE_EXPANSION, false);
      refuseDtdsAndEntities(factory::setFeature);
    } catch (ParserConfigurationException | SAXException e) {
      throw new IllegalStateException("the JDK's parser must support secure processing", e);
    }
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    return factory;
  }

  private static DocumentBuilder newBuilder() {
    try {
      DocumentBuilder builder = FACTORY.newDocumentBuilder();
      builder.setErrorHandler(ThrowingErrorHandler.INSTANCE);
      return builder;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Transformer newTransformer() {
    try {
      return TRANSFORMERS.newTransformer();
    } catch (TransformerConfigurationException e) {
      throw new IllegalStateException("the JDK's identity transformer must be available", e);
    }
  }

  private static TransformerFactory newTransformerFactory() {
    // The JDK's own, not whatever the class path registers: Saxon (for back-office dialects) would
    // otherwise serialise every message, about twice as slowly for the same bytes.
    TransformerFactory factory = TransformerFactory.newDefaultInstance();
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
    return factory;
  }
}
