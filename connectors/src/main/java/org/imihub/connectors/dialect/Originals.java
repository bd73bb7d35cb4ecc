package org.imihub.connectors.dialect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.xml.XMLConstants;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Whether a copy of a signed element still says exactly what was signed: the same names, prefixes,
 * attributes, text (every space of it), comments and processing instructions, in the same order.
 * Namespace declarations may differ, as a copy into another document picks up or drops declarations
 * the element does not use; exclusive canonicalisation, which the hub's signatures use, ignores
 * those too. So an equal copy keeps the sender's signature checkable.
 */
final class Originals {
  private Originals() {}

  static boolean same(Element original, Element copy) {
    return Objects.equals(original.getNamespaceURI(), copy.getNamespaceURI())
        && Objects.equals(original.getLocalName(), copy.getLocalName())
        && Objects.equals(original.getPrefix(), copy.getPrefix())
        && attributes(original).equals(attributes(copy))
        && sameChildren(original, copy);
  }

  private static boolean sameChildren(Element original, Element copy) {
    List<Object> a = children(original);
    List<Object> b = children(copy);
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      Object x = a.get(i);
      Object y = b.get(i);
      boolean same =
          x instanceof Element ex && y instanceof Element ey
              ? same(ex, ey)
              : x instanceof Node nx && y instanceof Node ny
                  ? nx.getNodeType() == ny.getNodeType()
                      && Objects.equals(nx.getNodeName(), ny.getNodeName())
                      && Objects.equals(nx.getNodeValue(), ny.getNodeValue())
                  : x.equals(y);
      if (!same) {
        return false;
      }
    }
    return true;
  }

  /** Child nodes, with adjacent text and CDATA joined into one string. */
  private static List<Object> children(Element element) {
    List<Object> children = new ArrayList<>();
    StringBuilder text = null;
    for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
      short type = child.getNodeType();
      if (type == Node.TEXT_NODE || type == Node.CDATA_SECTION_NODE) {
        text = text == null ? new StringBuilder() : text;
        text.append(child.getNodeValue());
        continue;
      }
      if (text != null) {
        children.add(text.toString());
        text = null;
      }
      children.add(child);
    }
    if (text != null) {
      children.add(text.toString());
    }
    return children;
  }

  /** Attributes by namespace, name and prefix; namespace declarations left out. */
  private static Map<String, String> attributes(Element element) {
    Map<String, String> attributes = new HashMap<>();
    NamedNodeMap all = element.getAttributes();
    for (int i = 0; i < all.getLength(); i++) {
      Attr attribute = (Attr) all.item(i);
      if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attribute.getNamespaceURI())) {
        continue;
      }
      String name =
          "{"
              + attribute.getNamespaceURI()
              + "}"
              + attribute.getPrefix()
              + ":"
              + attribute.getLocalName();
      attributes.put(name, attribute.getValue());
    }
    return attributes;
  }
}
