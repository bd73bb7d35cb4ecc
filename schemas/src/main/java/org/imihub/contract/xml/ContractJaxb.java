package org.imihub.contract.xml;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import org.imihub.contract.envelope.v1.EnvelopeType;
import org.w3c.dom.Document;
import org.w3c.dom.Node;

/** Typed views of the contract's documents: DOM in, generated classes out, and back. */
public final class ContractJaxb {
  private static final JAXBContext CONTEXT = newContext();

  private ContractJaxb() {}

  /** Reads a node that has already passed schema validation. */
  public static <T> T read(Node node, Class<T> type) {
    try {
      Object value = CONTEXT.createUnmarshaller().unmarshal(node, type).getValue();
      return type.cast(value);
    } catch (JAXBException e) {
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
