package org.imihub.contract.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.contract.signature.TestIdentities;
import org.imihub.contract.signature.XmlSignatureVerifier;
import org.imihub.contract.signature.XmlSigner;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Bytes to XML and back: what {@link SecureXml#toBytes} writes reads back as the same tree, a
 * signature over the tree holds over the bytes, and the transformer each thread reuses keeps
 * nothing from one call to the next.
 */
class SecureXmlTest {
  // Every kind of node a contract document can hold, with the characters that must be escaped in
  // text and in attributes, non-Latin text, and namespaces declared at several levels.
  static final String EVERY_KIND =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
          + "<?hub-note keep this?>"
          + "<!-- before the root -->"
          + "<a:Root xmlns:a=\"urn:a\" xmlns=\"urn:default\" a:kind=\"x &amp; y &lt; z &quot;q&quot;\""
          + " plain=\"tab&#9;line&#10;cr&#13;end\">"
          + "<Child>Ünïcödé — 日本語 &amp; &lt;tags&gt; cr&#13;\n</Child>"
          + "<b:Other xmlns:b=\"urn:b\" b:attr=\"1\"><b:Inner/><Back xmlns=\"\">none</Back></b:Other>"
          + "<![CDATA[raw <text> & ]]]]><![CDATA[> kept]]>"
          + "<!-- inside -->"
          + "<Empty></Empty>"
          + "</a:Root>";

  @Test
  void aParsedDocumentReadsBackAsTheSameTree() throws Exception {
    Document parsed = SecureXml.parse(EVERY_KIND.getBytes(StandardCharsets.UTF_8));

    byte[] written = SecureXml.toBytes(parsed);

    Document readBack = SecureXml.parse(written);
    assertThat(readBack.isEqualNode(parsed)).isTrue();
    assertThat(new String(written, StandardCharsets.UTF_8))
        .startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>")
        .contains("&#9;", "&#10;", "&#13;", "日本語");
  }

  // A tree built in code may carry no namespace declarations at all: the writer adds those its
  // nodes need, once per scope, and an element written on its own gets what its ancestors had.
  @Test
  void namespacesATreeBuiltInCodeLeftOutAreDeclared() throws Exception {
    Document document = SecureXml.newDocument();
    Element root = document.createElementNS("urn:a", "a:Root");
    document.appendChild(root);
    Element child = document.createElementNS("urn:a", "a:Child");
    child.setAttributeNS("urn:b", "b:attr", "v");
    root.appendChild(child);
    Element unqualified = document.createElementNS(null, "Plain");
    child.appendChild(unqualified);
    Element defaulted = document.createElementNS("urn:d", "Defaulted");
    unqualified.appendChild(defaulted);

    Document readBack = SecureXml.parse(SecureXml.toBytes(document));

    Element readRoot = readBack.getDocumentElement();
    assertThat(readRoot.getNamespaceURI()).isEqualTo("urn:a");
    Element readChild = (Element) readRoot.getFirstChild();
    assertThat(readChild.getNamespaceURI()).isEqualTo("urn:a");
    assertThat(readChild.getAttributeNS("urn:b", "attr")).isEqualTo("v");
    Node readPlain = readChild.getFirstChild();
    assertThat(readPlain.getNamespaceURI()).isNull();
    assertThat(readPlain.getFirstChild().getNamespaceURI()).isEqualTo("urn:d");
    assertThat(new String(SecureXml.toBytes(document), StandardCharsets.UTF_8))
        .containsOnlyOnce("xmlns:a=");

    String alone = new String(SecureXml.toBytes(child), StandardCharsets.UTF_8);
    assertThat(alone).startsWith("<a:Child").contains("xmlns:a=\"urn:a\"");
    assertThat(SecureXml.parse(alone.getBytes(StandardCharsets.UTF_8)).getDocumentElement())
        .satisfies(element -> assertThat(element.getNamespaceURI()).isEqualTo("urn:a"));
    // The same thread's transformer, after an element: the document has its declaration again.
    assertThat(new String(SecureXml.toBytes(document), StandardCharsets.UTF_8)).startsWith("<?xml");
  }

  // What the hub signs it sends as bytes: the signature over the tree holds over them, with the
  // EC document key and the RSA one.
  @Test
  void aSignatureMadeOnTheTreeHoldsOverTheBytes() throws Exception {
    for (var identity :
        new org.imihub.contract.signature.SigningIdentity[] {
          TestIdentities.selfSigned("EC", 256), TestIdentities.selfSigned("RSA", 2048)
        }) {
      Document document = SecureXml.parse(EVERY_KIND.getBytes(StandardCharsets.UTF_8));
      Document signed = new XmlSigner(identity).sign(document);

      Document readBack = SecureXml.parse(SecureXml.toBytes(signed));

      assertThat(XmlSignatureVerifier.verify(readBack).signer()).isEqualTo(identity.certificate());
    }
  }

  // The bytes are the JDK serialiser's own, as it writes them to a stream: characters beyond the
  // Basic Multilingual Plane included, and after a document large enough that the thread does not
  // keep its bytes.
  @Test
  void theBytesAreWhatTheJdkSerialiserWritesToAStream() throws Exception {
    String beyondTheBmp = "<r xmlns=\"urn:r\">𝄞 music, 😀 face, ünï</r>";
    String large = "<r xmlns=\"urn:r\">" + "x&amp;y ".repeat(100_000) + "</r>";
    for (String xml : new String[] {EVERY_KIND, beyondTheBmp, large, beyondTheBmp, EVERY_KIND}) {
      Document document = SecureXml.parse(xml.getBytes(StandardCharsets.UTF_8));

      byte[] written = SecureXml.toBytes(document);

      assertThat(written).isEqualTo(writtenToAStream(document));
    }
    // The JDK writes characters beyond the Basic Multilingual Plane as character references; they
    // read back as themselves.
    Document beyond = SecureXml.parse(beyondTheBmp.getBytes(StandardCharsets.UTF_8));
    assertThat(SecureXml.parse(SecureXml.toBytes(beyond)).getDocumentElement().getTextContent())
        .isEqualTo("𝄞 music, 😀 face, ünï");
  }

  private static byte[] writtenToAStream(Document document) throws Exception {
    Transformer transformer = TransformerFactory.newDefaultInstance().newTransformer();
    transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
    transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "no");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    transformer.transform(new DOMSource(document), new StreamResult(out));
    return out.toByteArray();
  }

  // Bad input: bytes that are no XML, and a DTD, get the contract's typed errors.
  @Test
  void badBytesGetTypedErrors() {
    assertThatThrownBy(() -> SecureXml.parse("<a><b></a>".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_XML));
    assertThatThrownBy(
            () ->
                SecureXml.parse(
                    "<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DTD_FORBIDDEN));
  }
}
