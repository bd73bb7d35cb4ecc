package org.imihub.routes.ingest;

import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.namespace.QName;
import org.imihub.contract.Digests;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.contract.Languages;
import org.imihub.contract.envelope.v1.AnswerType;
import org.imihub.contract.envelope.v1.AttachmentType;
import org.imihub.contract.envelope.v1.EnvelopeType;
import org.imihub.contract.envelope.v1.FreeTextType;
import org.imihub.contract.envelope.v1.HeaderType;
import org.imihub.contract.envelope.v1.QuestionType;
import org.imihub.contract.signature.VerifiedSignature;
import org.imihub.contract.signature.XmlSignatureVerifier;
import org.imihub.contract.signature.XmlSigner;
import org.imihub.contract.xml.ContractJaxb;
import org.imihub.contract.xml.ContractSchemas;
import org.imihub.contract.xml.SecureXml;
import org.imihub.routes.HubProperties;
import org.imihub.routes.directory.Authority;
import org.imihub.routes.directory.Directory;
import org.imihub.routes.exchange.AlertLifecycle;
import org.imihub.routes.exchange.ExchangeRecord;
import org.imihub.routes.exchange.ExchangeStore;
import org.imihub.routes.exchange.RequestLifecycle;
import org.imihub.routes.exchange.RequestLifecycle.Action;
import org.imihub.routes.exchange.RequestLifecycle.Party;
import org.imihub.routes.exchange.RequestLifecycle.Step;
import org.imihub.routes.procedure.Procedure;
import org.imihub.routes.procedure.ProcedureCatalogue;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The checks every inbound message passes before the hub takes responsibility for it, in the order
 * the ingest route runs them. Each refuses with its own {@link ErrorCode}; none stores anything.
 */
@Component
public class InboundChecks {
  static final QName ENVELOPE = new QName(ContractSchemas.ENVELOPE_NS, "Envelope");

  /** The message types this version of the hub routes: the request's and the alert's steps. */
  static final Set<String> HANDLED_TYPES =
      Stream.concat(Arrays.stream(Action.values()), Arrays.stream(AlertLifecycle.Action.values()))
          .map(Enum::name)
          .collect(Collectors.toUnmodifiableSet());

  /**
   * The EEA: the 27 EU member states (IMI codes: EL for Greece), Iceland, Liechtenstein, Norway.
   */
  static final List<String> EEA_COUNTRIES =
      List.of(
          "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU", "IE",
          "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "IS", "LI", "NO");

  private final Directory directory;
  private final X509Certificate hubCertificate;
  private final ProcedureCatalogue procedures;
  private final ExchangeStore exchanges;
  private final Clock clock;
  private final long maxMessageBytes;

  public InboundChecks(
      Directory directory,
      XmlSigner hubSigner,
      ProcedureCatalogue procedures,
      ExchangeStore exchanges,
      Clock clock,
      HubProperties properties) {
    this.directory = directory;
    this.hubCertificate = hubSigner.identity().certificate();
    this.procedures = procedures;
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
    inbound.envelope = checkEnvelope(inbound.document);
  }

  /**
   * The checks of the envelope on its own, needing neither directory nor exchanges: its document
   * element, the schema, a handled message type, the attachments' digests. Public so that the
   * benchmark's chain bound runs exactly the hub's checks.
   */
  public static EnvelopeType checkEnvelope(Document document) {
    Element root = document.getDocumentElement();
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
    ContractSchemas.validate(document);
    EnvelopeType envelope = ContractJaxb.readEnvelope(document);
    if (!HANDLED_TYPES.contains(envelope.getHeader().getMessageType())) {
      throw new HubException(
          ErrorCode.UNSUPPORTED_MESSAGE_TYPE,
          "Message type "
              + envelope.getHeader().getMessageType()
              + " is not handled; this hub handles "
              + HANDLED_TYPES
              + ".");
    }
    if (envelope.getAttachments() != null) {
      for (AttachmentType attachment : envelope.getAttachments().getAttachment()) {
        if (!Arrays.equals(Digests.sha256(attachment.getContent()), attachment.getSha256())) {
          throw new HubException(
              ErrorCode.ATTACHMENT_DIGEST_MISMATCH,
              "Attachment "
                  + attachment.getId()
                  + ": the content's SHA-256 differs from the one stated.");
        }
      }
    }
    return envelope;
  }

  public void verifySignature(Inbound inbound) {
    inbound.signature = XmlSignatureVerifier.verify(inbound.document);
  }

  /**
   * The signer must be a registered, valid certificate of the sender, and the caller the sender.
   */
  public void checkSender(Inbound inbound) {
    String sender = inbound.header().getSender();
    if (inbound.isMappedFromDialect()) {
      // The dialect channel checked the caller's own signature; the envelope is the hub's.
      if (!inbound.signature.signer().equals(hubCertificate) || !sender.equals(inbound.caller())) {
        throw new HubException(
            ErrorCode.SIGNER_NOT_SENDER,
            "The message names " + sender + " as sender but comes from " + inbound.caller() + ".");
      }
      return;
    }
    String signer = registeredSigner(inbound.signature);
    if (!signer.equals(sender)) {
      throw new HubException(
          ErrorCode.SIGNER_NOT_SENDER,
          "The message names " + sender + " as sender but is signed by " + signer + ".");
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

  /**
   * The authority whose registered certificate made this signature, if it is valid now: {@code
   * SIGNER_UNKNOWN} or {@code SIGNER_EXPIRED} otherwise. Also for the dialect channel, which checks
   * a back office's signature on its own document the same way.
   */
  public String registeredSigner(VerifiedSignature signature) {
    String signer =
        directory
            .authorityIdOf(signature.signer())
            .orElseThrow(
                () ->
                    new HubException(
                        ErrorCode.SIGNER_UNKNOWN,
                        "The certificate \""
                            + signature.signer().getSubjectX500Principal().getName()
                            + "\" is not registered for any authority."));
    try {
      signature.signer().checkValidity(Date.from(clock.instant()));
    } catch (CertificateExpiredException | CertificateNotYetValidException e) {
      throw new HubException(
          ErrorCode.SIGNER_EXPIRED,
          "The signing certificate of "
              + signer
              + " is valid from "
              + signature.signer().getNotBefore().toInstant()
              + " to "
              + signature.signer().getNotAfter().toInstant()
              + ".");
    }
    return signer;
  }

  /** The recipients a message names (if any): registered, not the sender, each named once. */
  public void checkRecipients(Inbound inbound) {
    HeaderType header = inbound.header();
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
   * What the message says, against its procedure: a procedure the hub knows, of the message's kind
   * (a request's steps follow a request procedure, an alert's an alert procedure); questions and
   * answers that are the procedure's, each answer of its question's type (an option the question
   * offers, an attachment the message carries); languages the hub speaks.
   */
  public void checkContent(Inbound inbound) {
    HeaderType header = inbound.header();
    Procedure procedure =
        procedures
            .find(header.getProcedureCode())
            .orElseThrow(
                () ->
                    new HubException(
                        ErrorCode.PROCEDURE_UNKNOWN,
                        "Procedure "
                            + header.getProcedureCode()
                            + " is not one of the hub's procedures "
                            + procedures.all().stream().map(Procedure::code).toList()
                            + "."));
    Procedure.Kind kind =
        AlertLifecycle.Action.isAction(header.getMessageType())
            ? Procedure.Kind.ALERT
            : Procedure.Kind.REQUEST;
    if (procedure.kind() != kind) {
      throw new HubException(
          ErrorCode.PROCEDURE_MISMATCH,
          "Procedure "
              + procedure.code()
              + " is "
              + (procedure.kind() == Procedure.Kind.ALERT ? "an alert" : "a request")
              + " procedure; a "
              + header.getMessageType()
              + " follows "
              + (kind == Procedure.Kind.ALERT ? "an alert" : "a request")
              + " procedure.");
    }
    Languages.require(header.getLanguage(), "The envelope's Language");
    List<FreeTextType> freeTexts = inbound.envelope.getBody().getFreeText();
    for (int i = 0; i < freeTexts.size(); i++) {
      Languages.require(freeTexts.get(i).getLang(), "The lang of FreeText " + (i + 1));
    }
    for (QuestionType question : inbound.envelope.getBody().getQuestion()) {
      questionOf(procedure, question.getCode());
    }
    Set<String> attachments = new HashSet<>();
    if (inbound.envelope.getAttachments() != null) {
      inbound.envelope.getAttachments().getAttachment().forEach(a -> attachments.add(a.getId()));
    }
    for (AnswerType answer : inbound.envelope.getBody().getAnswer()) {
      checkAnswer(questionOf(procedure, answer.getQuestionCode()), answer, attachments);
    }
  }

  private static Procedure.Question questionOf(Procedure procedure, String questionCode) {
    return procedure
        .question(questionCode)
        .orElseThrow(
            () ->
                new HubException(
                    ErrorCode.QUESTION_UNKNOWN,
                    "Question "
                        + questionCode
                        + " is not one of procedure "
                        + procedure.code()
                        + "'s "
                        + procedure.questions().keySet()
                        + "."));
  }

  private static void checkAnswer(
      Procedure.Question question, AnswerType answer, Set<String> attachments) {
    Procedure.AnswerKind given =
        answer.isYesNo() != null
            ? Procedure.AnswerKind.YES_NO
            : answer.getChoice() != null
                ? Procedure.AnswerKind.CHOICE
                : answer.getDate() != null
                    ? Procedure.AnswerKind.DATE
                    : answer.getNumber() != null
                        ? Procedure.AnswerKind.NUMBER
                        : answer.getText() != null
                            ? Procedure.AnswerKind.TEXT
                            : Procedure.AnswerKind.ATTACHMENT;
    String refused = null;
    if (given != question.answer()) {
      refused = "takes " + question.answer() + ", not " + given;
    } else if (given == Procedure.AnswerKind.CHOICE
        && !question.options().contains(answer.getChoice())) {
      refused = "offers " + question.options() + ", not " + answer.getChoice();
    } else if (given == Procedure.AnswerKind.ATTACHMENT
        && !attachments.contains(answer.getAttachmentRef())) {
      refused = "refers to attachment " + answer.getAttachmentRef() + ", which the message lacks";
    }
    if (refused != null) {
      throw new HubException(
          ErrorCode.ANSWER_INVALID,
          "The answer to " + question.code() + " does not fit: the question " + refused + ".");
    }
  }

  /**
   * The step this message takes in its exchange, decided against the exchange as it stands (see
   * {@link RequestLifecycle} and {@link AlertLifecycle}), and who gets it. A resend of a recorded
   * message skips this: its step was taken already. Someone not taking part in an exchange is told
   * it does not exist, as tracking does.
   */
  public void checkLifecycle(Inbound inbound) {
    if (inbound.duplicate) {
      return;
    }
    String type = inbound.header().getMessageType();
    if (inbound.header().getLinkedExchangeId() != null && !Action.REQUEST.name().equals(type)) {
      throw new HubException(
          ErrorCode.LIFECYCLE_NOT_ALLOWED, "Only a REQUEST can be linked to another exchange.");
    }
    if (AlertLifecycle.Action.isAction(type)) {
      checkAlertStep(inbound, AlertLifecycle.Action.valueOf(type));
    } else {
      checkRequestStep(inbound, Action.valueOf(type));
    }
  }

  private void checkRequestStep(Inbound inbound, Action action) {
    HeaderType header = inbound.header();
    if (header.getRecipient().size() != 1) {
      throw new HubException(
          ErrorCode.RECIPIENTS_INVALID,
          "A request and its steps go to exactly one authority, named as Recipient; this one names "
              + header.getRecipient().size()
              + ".");
    }
    inbound.addressees = List.copyOf(header.getRecipient());
    Optional<ExchangeRecord> existing = exchanges.find(header.getExchangeId());
    if (action == Action.REQUEST) {
      refuseTaken(existing, header);
      RequestLifecycle.decide(null, action, Party.REQUESTER);
      inbound.exchangeAfter =
          ExchangeRecord.request(
              header.getExchangeId(),
              header.getProcedureCode(),
              header.getSender(),
              header.getRecipient().get(0),
              date(header.getReplyBy()),
              clock.instant());
      if (header.getLinkedExchangeId() != null) {
        inbound.exchangeAfter = inbound.exchangeAfter.linkedTo(splitOff(header));
      }
      return;
    }
    ExchangeRecord exchange = visible(existing, ExchangeRecord.Kind.REQUEST, header);
    Party party = exchange.partyOf(header.getSender());
    Step step = RequestLifecycle.decide(exchange.requestState(), action, party);
    inbound.exchangeBefore = exchange;
    if (action == Action.FORWARD) {
      forward(inbound, exchange);
      return;
    }
    String counterpart = exchange.counterpartOf(party);
    if (!List.of(counterpart).equals(header.getRecipient())) {
      throw new HubException(
          ErrorCode.RECIPIENTS_INVALID,
          action + " in exchange " + exchange.id() + " goes to " + counterpart + ".");
    }
    checkWhatTheActionNeeds(inbound, exchange, action, party);
    inbound.exchangeAfter =
        exchange.after(step, header.getSender(), date(header.getReplyBy()), clock.instant());
  }

  /**
   * A request split off another: its sender must be the responder of that request, which must be
   * accepted (the questions it splits off are the responder's to pass on).
   */
  private String splitOff(HeaderType header) {
    ExchangeRecord parent =
        exchanges
            .find(header.getLinkedExchangeId())
            .filter(found -> found.kind() == ExchangeRecord.Kind.REQUEST)
            .filter(found -> exchanges.takesPart(found, header.getSender()))
            .orElseThrow(
                () ->
                    new HubException(
                        ErrorCode.EXCHANGE_NOT_FOUND,
                        "No request "
                            + header.getLinkedExchangeId()
                            + " is visible to "
                            + header.getSender()
                            + "."));
    if (!header.getSender().equals(parent.responder())
        || parent.requestState() != RequestLifecycle.State.ACCEPTED) {
      throw new HubException(
          ErrorCode.LIFECYCLE_NOT_ALLOWED,
          "Only the responder of an accepted request splits questions off it; request "
              + parent.id()
              + " is "
              + parent.state()
              + " and its responder is "
              + parent.responder()
              + ".");
    }
    return parent.id();
  }

  /**
   * The responder passes the request on to another authority, which becomes the responder and gets
   * the request itself; the requester is told. The former responder takes no part from then on, so
   * it no longer sees the exchange.
   */
  private void forward(Inbound inbound, ExchangeRecord exchange) {
    String newResponder = inbound.header().getRecipient().get(0);
    if (newResponder.equals(exchange.requester())) {
      throw new HubException(
          ErrorCode.RECIPIENTS_INVALID, "A request cannot be forwarded to its requester.");
    }
    inbound.addressees = List.of(newResponder, exchange.requester());
    inbound.exchangeAfter = exchange.forwardedTo(newResponder, clock.instant());
  }

  private void checkAlertStep(Inbound inbound, AlertLifecycle.Action action) {
    HeaderType header = inbound.header();
    Optional<ExchangeRecord> existing = exchanges.find(header.getExchangeId());
    if (action == AlertLifecycle.Action.ALERT) {
      refuseTaken(existing, header);
      AlertLifecycle.decide(null, action, AlertLifecycle.Role.AUTHOR);
      List<String> audience = audience(header);
      inbound.addressees = audience;
      inbound.newMembers = audience;
      inbound.exchangeAfter =
          ExchangeRecord.alert(
              header.getExchangeId(),
              header.getProcedureCode(),
              header.getSender(),
              clock.instant());
      return;
    }
    ExchangeRecord alert = visible(existing, ExchangeRecord.Kind.ALERT, header);
    boolean author = alert.requester().equals(header.getSender());
    AlertLifecycle.Step step =
        AlertLifecycle.decide(
            alert.alertState(),
            action,
            author ? AlertLifecycle.Role.AUTHOR : AlertLifecycle.Role.RECIPIENT);
    List<String> members = exchanges.members(alert.id());
    if (action == AlertLifecycle.Action.ALERT_DISSEMINATE) {
      inbound.addressees = disseminatedTo(header, members, alert.requester());
      inbound.newMembers = inbound.addressees;
    } else {
      if (header.getAudience() != null || !header.getRecipient().isEmpty()) {
        throw new HubException(
            ErrorCode.RECIPIENTS_INVALID,
            action
                + " names no recipient: the hub sends it to the alert's "
                + (author ? "recipients" : "author")
                + ".");
      }
      inbound.addressees =
          action == AlertLifecycle.Action.ALERT_COMMENT ? List.of(alert.requester()) : members;
    }
    if (action == AlertLifecycle.Action.ALERT_COMMENT
        && inbound.envelope.getBody().getFreeText().isEmpty()) {
      throw new HubException(
          ErrorCode.ACTION_INCOMPLETE, "An ALERT_COMMENT gives its comment as FreeText.");
    }
    inbound.exchangeBefore = alert;
    inbound.exchangeAfter = alert.after(step.to(), clock.instant());
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

  /** The authorities an alert's audience resolves to, its author left out. */
  private List<String> audience(HeaderType header) {
    var audience = header.getAudience();
    if (audience == null || !header.getRecipient().isEmpty()) {
      throw new HubException(
          ErrorCode.RECIPIENTS_INVALID,
          "An ALERT names an Audience (policy area and countries), not Recipients.");
    }
    Set<String> countries = new java.util.LinkedHashSet<>(audience.getCountry());
    if (audience.getAllEeaCountries() != null) {
      countries.addAll(EEA_COUNTRIES);
    }
    if (audience.getCommission() != null) {
      countries.add(Authority.COMMISSION);
    }
    if (countries.isEmpty()) {
      throw new HubException(ErrorCode.AUDIENCE_EMPTY, ErrorCode.AUDIENCE_EMPTY.sentence());
    }
    List<String> recipients =
        directory.handling(audience.getPolicyArea(), countries).stream()
            .map(Authority::id)
            .filter(id -> !id.equals(header.getSender()))
            .toList();
    if (recipients.isEmpty()) {
      throw new HubException(
          ErrorCode.POLICY_AREA_UNHANDLED,
          "No authority handles " + audience.getPolicyArea() + " in " + countries + ".");
    }
    return recipients;
  }

  /**
   * A recipient passes an alert on within its own country, to authorities that do not have it yet.
   */
  private List<String> disseminatedTo(HeaderType header, List<String> members, String author) {
    String country = directory.find(header.getSender()).map(Authority::country).orElseThrow();
    if (header.getRecipient().isEmpty()) {
      throw new HubException(
          ErrorCode.RECIPIENTS_INVALID, "An ALERT_DISSEMINATE names its Recipients.");
    }
    for (String recipient : header.getRecipient()) {
      if (recipient.equals(author)) {
        throw new HubException(ErrorCode.RECIPIENTS_INVALID, recipient + " wrote the alert.");
      }
      Authority authority = directory.find(recipient).orElseThrow();
      if (!authority.country().equals(country)) {
        throw new HubException(
            ErrorCode.RECIPIENTS_INVALID,
            recipient
                + " is not in "
                + country
                + ": an alert is disseminated within the disseminator's country.");
      }
      if (members.contains(recipient)) {
        throw new HubException(ErrorCode.RECIPIENTS_INVALID, recipient + " has the alert already.");
      }
    }
    return List.copyOf(header.getRecipient());
  }

  private static void refuseTaken(Optional<ExchangeRecord> existing, HeaderType header) {
    if (existing.isPresent()) {
      throw new HubException(
          ErrorCode.EXCHANGE_CONFLICT,
          "Exchange id " + header.getExchangeId() + " is taken; a new exchange needs a new id.");
    }
  }

  /**
   * The exchange the message names, if its sender takes part in it and it is of the right kind and
   * procedure.
   */
  private ExchangeRecord visible(
      Optional<ExchangeRecord> existing, ExchangeRecord.Kind kind, HeaderType header) {
    ExchangeRecord exchange =
        existing
            .filter(found -> found.kind() == kind && exchanges.takesPart(found, header.getSender()))
            .orElseThrow(
                () ->
                    new HubException(
                        ErrorCode.EXCHANGE_NOT_FOUND,
                        "No "
                            + kind.name().toLowerCase()
                            + " "
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
    return exchange;
  }

  private static java.time.LocalDate date(javax.xml.datatype.XMLGregorianCalendar date) {
    return date == null
        ? null
        : java.time.LocalDate.of(date.getYear(), date.getMonth(), date.getDay());
  }

  public static HubException tooLarge(long maxMessageBytes) {
    return new HubException(
        ErrorCode.MESSAGE_TOO_LARGE, "Messages may be at most " + maxMessageBytes + " bytes.");
  }
}
