package org.imihub.connectors.dialect;

import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.contract.signature.VerifiedSignature;
import org.imihub.contract.signature.XmlSignatureVerifier;
import org.imihub.contract.signature.XmlSigner;
import org.imihub.contract.xml.SecureXml;
import org.imihub.routes.ingest.InboundChecks;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A message a back office sends in its dialect, made into the canonical envelope the ingest takes.
 * The back office signs its own document, so the hub checks that signature first, exactly as it
 * checks an envelope's (the signature profile, a registered and valid certificate of the caller);
 * then it maps the document ({@link Dialects#toCanonical}), keeps the signed original inside the
 * envelope's {@code Extensions} as the proof of what the authority sent, and signs the envelope
 * itself. The ingest accepts the hub's signature only on envelopes made here ({@code
 * Inbound.mappedFromDialect}), and checks everything else as for any envelope.
 */
@Component
public class DialectMessages {
  private final Dialects dialects;
  private final InboundChecks checks;
  private final XmlSigner hubSigner;

  public DialectMessages(Dialects dialects, InboundChecks checks, XmlSigner hubSigner) {
    this.dialects = dialects;
    this.checks = checks;
    this.hubSigner = hubSigner;
  }

  /**
   * @param caller the authority the channel authenticated, whose back office speaks {@code dialect}
   * @return the hub-signed canonical envelope holding the caller's signed original
   */
  public byte[] toCanonical(String caller, String dialect, byte[] signedMessage) {
    Document message = SecureXml.parse(signedMessage);
    checkSignedByCaller(XmlSignatureVerifier.verify(message), caller);
    Document envelope = SecureXml.parse(dialects.toCanonical(dialect, signedMessage));
    String sender = text(envelope.getDocumentElement(), "Sender");
    if (!caller.equals(sender)) {
      throw new HubException(
          ErrorCode.SIGNER_NOT_SENDER,
          "The message names " + sender + " as sender but is signed by " + caller + ".");
    }
    extensions(envelope).appendChild(envelope.importNode(message.getDocumentElement(), true));
    return SecureXml.toBytes(hubSigner.sign(envelope));
  }

  private void checkSignedByCaller(VerifiedSignature signature, String caller) {
    String signer = checks.registeredSigner(signature);
    if (!signer.equals(caller)) {
      throw new HubException(
          ErrorCode.CALLER_NOT_SENDER,
          "The message is signed by " + signer + " but the connection is " + caller + "'s.");
    }
  }

  /** The envelope's Extensions, made where the schema wants it (last) if the mapping made none. */
  private static Element extensions(Document envelope) {
    Element root = envelope.getDocumentElement();
    for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element element && "Extensions".equals(element.getLocalName())) {
        return element;
      }
    }
    Element extensions =
        envelope.createElementNS(
            Dialects.ENVELOPE_NS,
            root.getPrefix() == null ? "Extensions" : root.getPrefix() + ":Extensions");
    root.appendChild(extensions);
    return extensions;
  }

  private static String text(Element root, String name) {
    var found = root.getElementsByTagNameNS(Dialects.ENVELOPE_NS, name);
    return found.getLength() == 0 ? null : found.item(0).getTextContent().trim();
  }
}
