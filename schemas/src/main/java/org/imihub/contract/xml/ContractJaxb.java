package org.imihub.contract.xml;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.JAXBIntrospector;
import jakarta.xml.bind.Marshaller;
import jakarta.xml.bind.UnmarshallerHandler;
import javax.xml.crypto.dsig.XMLSignature;
import org.glassfish.jaxb.core.unmarshaller.DOMScanner;
import org.imihub.contract.envelope.v1.EnvelopeType;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.XMLFilterImpl;

/** Typed views of the contract's documents: DOM in, generated classes out, and back. */
public final class ContractJaxb {
  private static final JAXBContext CONTEXT = newContext();

  private ContractJaxb() {}

  /**
   * Reads a document's root element that has already passed schema validation. The typed view
   * leaves out the XML signatures (ds:Signature, at any depth): they are checked on the DOM, and
   * JAXB would copy each into a DOM of its own, made with a new document builder, which was half
   * the cost of reading a small document (docs/performance.md).
   */
  public static <T> T read(Element root, Class<T> type) {
    try {
      UnmarshallerHandler typed = CONTEXT.createUnmarshaller().getUnmarshallerHandler();
      DOMScanner scanner = new DOMScanner();
      scanner.setContentHandler(new WithoutSignatures(typed));
      scanner.scan(root);
      return type.cast(JAXBIntrospector.getValue(typed.getResult()));
    } catch (JAXBException | SAXException | ClassCastException e) {
      throw new IllegalStateException("a schema-valid document must unmarshal", e);
    }
  }

  public static EnvelopeType readEnvelope(Document document) {
    return read(document.getDocumentElement(), EnvelopeType.class);
  }

  /** Marshals a root element (a generated class annotated @XmlRootElement, or a JAXBElement). */
  public static Document write(Object root) {
    try {
      Document document = SecureXml.newDocument();
      Marshaller marshaller = CONTEXT.createMarshaller();
      marshaller.marshal(root, document);
      return document;
    } catch (JAXBException e) {
      throw new IllegalStateException("marshalling a generated class cannot fail", e);
    }
  }

  public static JAXBElement<EnvelopeType> envelopeElement(EnvelopeType envelope) {
    return new org.imihub.contract.envelope.v1.ObjectFactory().createEnvelope(envelope);
  }

  /** Passes on every SAX event but those of an XML signature's element and what it holds. */
  private static final class WithoutSignatures extends XMLFilterImpl {
    private int depthInSignature;

    WithoutSignatures(ContentHandler next) {
      setContentHandler(next);
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes)
        throws SAXException {
      if (depthInSignature > 0 || XMLSignature.XMLNS.equals(uri)) {
        depthInSignature++;
      } else {
        super.startElement(uri, localName, qName, attributes);
      }
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
      if (depthInSignature > 0) {
        depthInSignature--;
      } else {
        super.endElement(uri, localName, qName);
      }
    }

    @Override
    public void characters(char[] text, int start, int length) throws SAXException {
      if (depthInSignature == 0) {
        super.characters(text, start, length);
      }
    }

    @Override
    public void ignorableWhitespace(char[] text, int start, int length) throws SAXException {
      if (depthInSignature == 0) {
        super.ignorableWhitespace(text, start, length);
      }
    }

    @Override
    public void processingInstruction(String target, String data) throws SAXException {
      if (depthInSignature == 0) {
        super.processingInstruction(target, data);
      }
    }
  }

  private static JAXBContext newContext() {
    try {
      return JAXBContext.newInstance(
          org.imihub.contract.envelope.v1.ObjectFactory.class,
          org.imihub.contract.hub.v1.ObjectFactory.class,
          org.imihub.contract.problem.ObjectFactory.class,
          org.imihub.contract.procedure.v1.ObjectFactory.class);
    } catch (JAXBException e) {
      throw new IllegalStateException("the contract's JAXB classes do not load", e);
    }
  }
}
