package org.imihub.routes.ingest;

import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;
import javax.xml.namespace.QName;
import org.imihub.contract.Digests;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.contract.envelope.v1.AttachmentType;
import org.imihub.contract.envelope.v1.HeaderType;
import org.imihub.contract.signature.XmlSignatureVerifier;
import org.imihub.contract.xml.ContractJaxb;
import org.imihub.contract.xml.ContractSchemas;
import org.imihub.contract.xml.SecureXml;
import org.imihub.routes.HubProperties;
import org.imihub.routes.directory.Authority;
import org.imihub.routes.directory.Directory;
import org.springframework.stereotype.Component;
import org.w3c.dom.Element;

/**
 * The checks every inbound message passes before the hub takes responsibility for it, in the order
 * the ingest route runs them. Each refuses with its own {@link ErrorCode}; none stores anything.
 */
@Component
public class InboundChecks {
  static final QName ENVELOPE = new QName("urn:imi-hub:envelope:v1", "Envelope");

  /** The message types this version of the hub routes; lifecycle actions and alerts follow. */
  static final Set<String> HANDLED_TYPES = Set.of("REQUEST");

  private final Directory directory;
  private final MessageLedger messages;
  private final Clock clock;
  private final long maxMessageBytes;

  public InboundChecks(
      Directory directory, MessageLedger messages, Clock clock, HubProperties properties) {
    this.directory = directory;
    this.messages = messages;
    this.clock = clock;
    this.maxMessageBytes = properties.ingest().maxMessageSize().toBytes();
  }

  public void parse(Inbound inbound) {
    if (inbound.bytes().length > maxMessageBytes) {
      throw tooLarge(maxMessageBytes);
    }
    inbound.document = SecureXml.parse(inbound.bytes());
  }

  public void validateSchema(Inbound inbound) {
    Element root = inbound.document.getDocumentElement();
    if (!ENVELOPE.getNamespaceURI().equals(root.getNamespaceURI())
        || !ENVELOPE.getLocalPart().equals(root.getLocalName())) {
      throw new HubException(
          ErrorCode.SCHEMA_VIOLATION,
          "The document element must be {"
              + ENVELOPE.getNamespaceURI()
              + "}Envelope, not {"
              + root.getNamespaceURI()
              + "}"
              + root.getLocalName()
              + ".");
    }
    ContractSchemas.validate(inbound.document);
    inbound.envelope = ContractJaxb.readEnvelope(inbound.document);
    if (!HANDLED_TYPES.contains(inbound.header().getMessageType())) {
      throw new HubException(
          ErrorCode.UNSUPPORTED_MESSAGE_TYPE,
          "Message type "
              + inbound.header().getMessageType()
              + " is not handled; this hub handles "
              + HANDLED_TYPES
              + ".");
    }
    if (inbound.envelope.getAttachments() != null) {
      for (AttachmentType attachment : inbound.envelope.getAttachments().getAttachment()) {
        if (!Arrays.equals(Digests.sha256(attachment.getContent()), attachment.getSha256())) {
          throw new HubException(
              ErrorCode.ATTACHMENT_DIGEST_MISMATCH,
              "Attachment "
                  + attachment.getId()
                  + ": the content's SHA-256 differs from the one stated.");
        }
      }
    }
  }

  public void verifySignature(Inbound inbound) {
    inbound.signature = XmlSignatureVerifier.verify(inbound.document);
  }

  /**
   * The signer must be a registered, valid certificate of the sender, and the caller the sender.
   */
  public void checkSender(Inbound inbound) {
    String sender = inbound.header().getSender();
    Authority signer =
        directory
            .findByCertificate(inbound.signature.signer())
            .orElseThrow(
                () ->
                    new HubException(
                        ErrorCode.SIGNER_UNKNOWN,
                        "The certificate \""
                            + inbound.signature.signer().getSubjectX500Principal().getName()
                            + "\" is not registered for any authority."));
    try {
      inbound.signature.signer().checkValidity(Date.from(clock.instant()));
    } catch (CertificateExpiredException | CertificateNotYetValidException e) {
      throw new HubException(
          ErrorCode.SIGNER_EXPIRED,
          "The signing certificate of "
              + signer.id()
              + " is valid from "
              + inbound.signature.signer().getNotBefore().toInstant()
              + " to "
              + inbound.signature.signer().getNotAfter().toInstant()
              + ".");
    }
    if (!signer.id().equals(sender)) {
      throw new HubException(
          ErrorCode.SIGNER_NOT_SENDER,
          "The message names " + sender + " as sender but is signed by " + signer.id() + ".");
    }
    if (!sender.equals(inbound.caller())) {
      throw new HubException(
          ErrorCode.CALLER_NOT_SENDER,
          "The message names "
              + sender
              + " as sender but the connection is "
              + inbound.caller()
              + "'s.");
    }
  }

  public void checkRecipients(Inbound inbound) {
    HeaderType header = inbound.header();
    if ("REQUEST".equals(header.getMessageType()) && header.getRecipient().size() != 1) {
      throw new HubException(
          ErrorCode.RECIPIENTS_INVALID,
          "A request goes to exactly one authority; this one names "
              + header.getRecipient().size()
              + ".");
    }
    Set<String> seen = new HashSet<>();
    for (String recipient : header.getRecipient()) {
      if (!seen.add(recipient)) {
        throw new HubException(
            ErrorCode.RECIPIENTS_INVALID, "Recipient " + recipient + " is named twice.");
      }
      if (recipient.equals(header.getSender())) {
        throw new HubException(
            ErrorCode.RECIPIENT_IS_SENDER, "Recipient " + recipient + " is the sender.");
      }
      if (directory.find(recipient).isEmpty()) {
        throw new HubException(
            ErrorCode.RECIPIENT_UNKNOWN,
            "Recipient " + recipient + " is not a registered authority.");
      }
    }
  }

  /**
   * A message may only join an exchange its sender already takes part in, and of the same
   * procedure; otherwise anyone could read an exchange's tracking by naming its id. A taken id is
   * refused as not found, as tracking does, so nothing about the exchange shows.
   */
  public void checkExchange(Inbound inbound) {
    HeaderType header = inbound.header();
    messages
        .exchange(header.getExchangeId())
        .ifPresent(
            exchange -> {
              if (!exchange.parties().contains(header.getSender())) {
                throw new HubException(
                    ErrorCode.EXCHANGE_NOT_FOUND,
                    "No exchange "
                        + header.getExchangeId()
                        + " is visible to "
                        + header.getSender()
                        + "; a new exchange needs a new id.");
              }
              if (!exchange.procedureCode().equals(header.getProcedureCode())) {
                throw new HubException(
                    ErrorCode.EXCHANGE_CONFLICT,
                    "Exchange "
                        + header.getExchangeId()
                        + " follows procedure "
                        + exchange.procedureCode()
                        + ", not "
                        + header.getProcedureCode()
                        + ".");
              }
            });
  }

  public static HubException tooLarge(long maxMessageBytes) {
    return new HubException(
        ErrorCode.MESSAGE_TOO_LARGE, "Messages may be at most " + maxMessageBytes + " bytes.");
  }
}
