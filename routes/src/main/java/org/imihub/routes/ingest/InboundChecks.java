package org.imihub.routes.ingest;

import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
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
import org.imihub.routes.exchange.ExchangeRecord;
import org.imihub.routes.exchange.ExchangeStore;
import org.imihub.routes.exchange.RequestLifecycle;
import org.imihub.routes.exchange.RequestLifecycle.Action;
import org.imihub.routes.exchange.RequestLifecycle.Party;
import org.imihub.routes.exchange.RequestLifecycle.Step;
import org.springframework.stereotype.Component;
import org.w3c.dom.Element;

/**
 * The checks every inbound message passes before the hub takes responsibility for it, in the order
 * the ingest route runs them. Each refuses with its own {@link ErrorCode}; none stores anything.
 */
@Component
public class InboundChecks {
  static final QName ENVELOPE = new QName("urn:imi-hub:envelope:v1", "Envelope");

  /** The message types this version of the hub routes: the request lifecycle's actions. */
  static final Set<String> HANDLED_TYPES =
      Arrays.stream(Action.values()).map(Enum::name).collect(Collectors.toUnmodifiableSet());

  private final Directory directory;
  private final ExchangeStore exchanges;
  private final Clock clock;
  private final long maxMessageBytes;

  public InboundChecks(
      Directory directory, ExchangeStore exchanges, Clock clock, HubProperties properties) {
    this.directory = directory;
    this.exchanges = exchanges;
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
    if (header.getRecipient().size() != 1) {
      throw new HubException(
          ErrorCode.RECIPIENTS_INVALID,
          "A request and its actions go to exactly one authority; this one names "
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
   * The lifecycle step this message takes, decided against the exchange as it stands (see {@link
   * RequestLifecycle}). A resend of a recorded message skips this: its step was taken already.
   * Someone not taking part in an exchange is told it does not exist, as tracking does.
   */
  public void checkLifecycle(Inbound inbound) {
    if (inbound.duplicate) {
      return;
    }
    HeaderType header = inbound.header();
    Action action = Action.valueOf(header.getMessageType());
    Optional<ExchangeRecord> existing = exchanges.find(header.getExchangeId());
    if (action == Action.REQUEST) {
      if (existing.isPresent()) {
        throw new HubException(
            ErrorCode.EXCHANGE_CONFLICT,
            "Exchange id "
                + header.getExchangeId()
                + " is taken; a new request needs a new exchange id.");
      }
      inbound.step = RequestLifecycle.decide(null, action, Party.REQUESTER);
      return;
    }
    ExchangeRecord exchange =
        existing
            .filter(found -> found.partyOf(header.getSender()) != null)
            .orElseThrow(
                () ->
                    new HubException(
                        ErrorCode.EXCHANGE_NOT_FOUND,
                        "No exchange "
                            + header.getExchangeId()
                            + " is visible to "
                            + header.getSender()
                            + "."));
    if (!exchange.procedureCode().equals(header.getProcedureCode())) {
      throw new HubException(
          ErrorCode.EXCHANGE_CONFLICT,
          "Exchange "
              + exchange.id()
              + " follows procedure "
              + exchange.procedureCode()
              + ", not "
              + header.getProcedureCode()
              + ".");
    }
    Party party = exchange.partyOf(header.getSender());
    Step step = RequestLifecycle.decide(exchange.state(), action, party);
    String counterpart = exchange.counterpartOf(party);
    if (!List.of(counterpart).equals(header.getRecipient())) {
      throw new HubException(
          ErrorCode.RECIPIENTS_INVALID,
          action + " in exchange " + exchange.id() + " goes to " + counterpart + ".");
    }
    checkWhatTheActionNeeds(inbound, exchange, action, party);
    inbound.exchangeBefore = exchange;
    inbound.step = step;
  }

  private static void checkWhatTheActionNeeds(
      Inbound inbound, ExchangeRecord exchange, Action action, Party party) {
    HeaderType header = inbound.header();
    boolean hasText = !inbound.envelope.getBody().getFreeText().isEmpty();
    if (action == Action.DECLINE && !hasText) {
      throw new HubException(
          ErrorCode.ACTION_INCOMPLETE, "A DECLINE gives its reason as FreeText.");
    }
    if (action == Action.PROPOSE_REPLY_BY && header.getReplyBy() == null) {
      throw new HubException(
          ErrorCode.ACTION_INCOMPLETE, "A PROPOSE_REPLY_BY names the date proposed as ReplyBy.");
    }
    if (action == Action.ACCEPT_REPLY_BY
        && (exchange.proposedBy() == null
            || !exchange.proposedBy().equals(exchange.counterpartOf(party)))) {
      throw new HubException(
          ErrorCode.LIFECYCLE_NOT_ALLOWED,
          "There is no reply-by date proposed by the other party to accept.");
    }
  }

  public static HubException tooLarge(long maxMessageBytes) {
    return new HubException(
        ErrorCode.MESSAGE_TOO_LARGE, "Messages may be at most " + maxMessageBytes + " bytes.");
  }
}
