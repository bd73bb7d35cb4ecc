package org.imihub.client;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import javax.xml.XMLConstants;
import org.imihub.contract.Digests;
import org.imihub.contract.signature.XmlSigner;
import org.imihub.contract.xml.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Builds envelopes the way a back office would, and signs them. The builder writes DOM in the
 * schema's order; {@link #signedBy(XmlSigner)} returns the exact bytes to send.
 */
public final class Envelopes {
  public static final String NS = "urn:imi-hub:envelope:v1";

  private String messageId = UUID.randomUUID().toString();
  private String exchangeId = UUID.randomUUID().toString();
  private String inReplyTo;
  private String procedureCode = "PQ-CHECK";
  private String messageType = "REQUEST";
  private String sender;
  private List<String> recipients = List.of();
  private Instant createdAt = Instant.now();
  private String language = "en";
  private LocalDate replyBy;
  private List<String> questions = List.of();
  private List<Answer> answers = List.of();
  private List<String[]> freeTexts = List.of();
  private List<Attachment> attachments = List.of();
  private Audience audience;
  private String linkedExchangeId;

  /**
   * An alert's audience: the authorities handling {@code policyArea} in {@code countries}, in all
   * EEA countries if {@code allEea}, and the Commission if {@code commission}.
   */
  public record Audience(
      String policyArea, List<String> countries, boolean allEea, boolean commission) {}

  /**
   * An answer to a standard question: {@code type} is the envelope's element for it ({@code YesNo},
   * {@code Choice}, {@code Date}, {@code Number}, {@code Text}, {@code AttachmentRef}) and {@code
   * value} its content as XML writes it ({@code true}, {@code NONE}, {@code 2026-11-22}, ...).
   */
  public record Answer(String questionCode, String type, String value) {}

  /** An attachment: content travels base64-encoded with its media type and SHA-256. */
  public record Attachment(String id, String fileName, String mediaType, byte[] content) {}

  /**
   * A lifecycle action (ACCEPT, DECLINE, ANSWER, ...; docs/lifecycle.md) by one party of an
   * exchange, to the other.
   */
  public static Envelopes action(
      String action, String sender, String recipient, String exchangeId) {
    return request(sender, recipient).messageType(action).exchangeId(exchangeId);
  }

  /** An alert to an audience the hub resolves from its directory (docs/alerts.md). */
  public static Envelopes alert(String sender, Audience audience) {
    Envelopes alert = request(sender).messageType("ALERT").procedure("PQ-ALERT");
    alert.audience = audience;
    return alert;
  }

  /**
   * A later step of an alert (ALERT_UPDATE, ALERT_COMMENT, ALERT_WITHDRAW, ALERT_CLOSE: no
   * recipients, the hub knows them; ALERT_DISSEMINATE: the authorities it is passed on to).
   */
  public static Envelopes alertStep(
      String action, String sender, String exchangeId, String... recipients) {
    return request(sender, recipients)
        .messageType(action)
        .procedure("PQ-ALERT")
        .exchangeId(exchangeId);
  }

  public static Envelopes request(String sender, String... recipients) {
    Envelopes envelope = new Envelopes();
    envelope.sender = sender;
    envelope.recipients = List.of(recipients);
    return envelope;
  }

  public Envelopes messageId(String value) {
    messageId = value;
    return this;
  }

  public Envelopes exchangeId(String value) {
    exchangeId = value;
    return this;
  }

  /** Splits this request off another (the sender being that request's responder). */
  public Envelopes linkedTo(String exchangeId) {
    linkedExchangeId = exchangeId;
    return this;
  }

  public Envelopes inReplyTo(String value) {
    inReplyTo = value;
    return this;
  }

  public Envelopes procedure(String value) {
    procedureCode = value;
    return this;
  }

  public Envelopes messageType(String value) {
    messageType = value;
    return this;
  }

  public Envelopes createdAt(Instant value) {
    createdAt = value;
    return this;
  }

  public Envelopes language(String value) {
    language = value;
    return this;
  }

  public Envelopes replyBy(LocalDate value) {
    replyBy = value;
    return this;
  }

  public Envelopes questions(String... codes) {
    questions = List.of(codes);
    return this;
  }

  public Envelopes answers(Answer... values) {
    answers = List.of(values);
    return this;
  }

  public Envelopes freeText(String lang, String text) {
    freeTexts = List.<String[]>of(new String[] {lang, text});
    return this;
  }

  public Envelopes attachments(Attachment... values) {
    attachments = List.of(values);
    return this;
  }

  public String messageId() {
    return messageId;
  }

  public String exchangeId() {
    return exchangeId;
  }

  /** The unsigned envelope, for callers that sign (or mis-sign) it themselves. */
  public Document document() {
    Document document = SecureXml.newDocument();
    Element envelope = document.createElementNS(NS, "Envelope");
    // Declared as an attribute so that canonicalisation (and so the signature) sees it.
    envelope.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns", NS);
    document.appendChild(envelope);
    Element header = child(envelope, "Header", null);
    child(header, "MessageId", messageId);
    child(header, "ExchangeId", exchangeId);
    if (inReplyTo != null) {
      child(header, "InReplyTo", inReplyTo);
    }
    if (linkedExchangeId != null) {
      child(header, "LinkedExchangeId", linkedExchangeId);
    }
    child(header, "ProcedureCode", procedureCode);
    child(header, "MessageType", messageType);
    child(header, "Sender", sender);
    for (String recipient : recipients) {
      child(header, "Recipient", recipient);
    }
    if (audience != null) {
      Element to = child(header, "Audience", null);
      to.setAttribute("policyArea", audience.policyArea());
      audience.countries().forEach(country -> child(to, "Country", country));
      if (audience.allEea()) {
        child(to, "AllEeaCountries", null);
      }
      if (audience.commission()) {
        child(to, "Commission", null);
      }
    }
    child(header, "CreatedAt", createdAt.toString());
    child(header, "Language", language);
    if (replyBy != null) {
      child(header, "ReplyBy", replyBy.toString());
    }
    Element body = child(envelope, "Body", null);
    for (String code : questions) {
      child(body, "Question", null).setAttribute("code", code);
    }
    for (Answer answer : answers) {
      Element element = child(body, "Answer", null);
      element.setAttribute("questionCode", answer.questionCode());
      child(element, answer.type(), answer.value());
    }
    for (String[] text : freeTexts) {
      child(body, "FreeText", text[1]).setAttribute("lang", text[0]);
    }
    if (!attachments.isEmpty()) {
      Element all = child(envelope, "Attachments", null);
      for (Attachment attachment : attachments) {
        Element one = child(all, "Attachment", null);
        one.setAttribute("id", attachment.id());
        child(one, "FileName", attachment.fileName());
        child(one, "MediaType", attachment.mediaType());
        child(
            one,
            "Sha256",
            java.util.Base64.getEncoder().encodeToString(Digests.sha256(attachment.content())));
        child(one, "Content", java.util.Base64.getEncoder().encodeToString(attachment.content()));
      }
    }
    return document;
  }

  /** The envelope signed by the sending authority, as the bytes to send. */
  public byte[] signedBy(XmlSigner signer) {
    return SecureXml.toBytes(signer.sign(document()));
  }

  private static Element child(Element parent, String name, String text) {
    Element element = parent.getOwnerDocument().createElementNS(NS, name);
    if (text != null) {
      element.setTextContent(text);
    }
    parent.appendChild(element);
    return element;
  }
}
