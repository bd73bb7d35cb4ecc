package org.imihub.routes.translation;

import java.util.ArrayList;
import java.util.List;
import org.imihub.contract.HubTexts;
import org.imihub.contract.Languages;
import org.imihub.contract.xml.ContractSchemas;
import org.imihub.routes.procedure.Procedure;
import org.imihub.routes.procedure.ProcedureCatalogue;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Renders what is delivered in the reader's language: a {@code hub:Reading} (hub-v1.xsd) with the
 * procedure's name, the message type (or the notice's kind, reason and state), each question and
 * each answer in words, from the procedure catalogue and the hub's texts, and for free text in
 * another language its machine translation or a flag ({@link FreeTextTranslations}). Read from the
 * DOM the delivery is built from, so the envelope is parsed once per delivery.
 *
 * <p>A code the catalogue no longer knows (a procedure removed after the message came in) is shown
 * as the code itself: the reading is a convenience next to the codes, never a reason to hold a
 * delivery back.
 */
@Component
public class Readings {
  static final String ENV_NS = ContractSchemas.ENVELOPE_NS;
  static final String HUB_NS = ContractSchemas.HUB_NS;

  private final ProcedureCatalogue procedures;
  private final FreeTextTranslations translations;

  @Autowired
  public Readings(ProcedureCatalogue procedures, FreeTextTranslations translations) {
    this.procedures = procedures;
    this.translations = translations;
  }

  /**
   * Readings of the codes only, as a hub without machine translation renders them: for the
   * benchmark's chain bound and for tests without a database.
   */
  public static Readings codesOnly(ProcedureCatalogue procedures) {
    return new Readings(procedures, null);
  }

  /**
   * The reading of {@code delivered} (an {@code env:Envelope}, a {@code hub:Notice} or a {@code
   * hub:Translation}), as an element of {@code owner} not yet placed. A reader whose language the
   * hub does not speak reads in {@link Languages#FALLBACK}.
   */
  public Element render(Document owner, Element delivered, Reader reader) {
    String lang = Languages.known(reader.language()).orElse(Languages.FALLBACK);
    Reader resolved = new Reader(reader.id(), lang, reader.takesFollowUps());
    Element reading = owner.createElementNS(HUB_NS, "hub:Reading");
    reading.setAttribute("lang", lang);
    boolean envelope = ENV_NS.equals(delivered.getNamespaceURI());
    String ns = envelope ? ENV_NS : HUB_NS;
    String procedureCode = text(delivered, ns, "ProcedureCode");
    Procedure procedure = procedures.find(procedureCode).orElse(null);
    code(
        reading,
        "Procedure",
        procedureCode,
        procedure == null ? procedureCode : procedure.name(lang));
    if (envelope) {
      String type = text(delivered, ns, "MessageType");
      code(reading, "MessageType", type, HubTexts.text(lang, "messageType." + type));
      for (Element question : children(delivered, ENV_NS, "Question")) {
        String code = question.getAttribute("code");
        code(reading, "Question", code, questionText(procedure, lang, code));
      }
      for (Element answer : children(delivered, ENV_NS, "Answer")) {
        answer(reading, procedure, lang, answer, delivered);
      }
      freeTexts(reading, delivered, resolved);
    } else if ("Translation".equals(delivered.getLocalName())) {
      String status = text(delivered, ns, "Status");
      freeText(
          reading,
          Integer.parseInt(text(delivered, ns, "Index")),
          text(delivered, ns, "SourceLang"),
          lang,
          new FreeTextTranslations.Outcome(
              TranslationStore.Status.valueOf(status),
              emptyToNull(text(delivered, ns, "Engine")),
              children(delivered, ns, "Text").isEmpty()
                  ? null
                  : children(delivered, ns, "Text").get(0).getTextContent()));
    } else {
      String kind = text(delivered, ns, "Kind");
      String reason = text(delivered, ns, "Reason");
      String state = text(delivered, ns, "State");
      code(reading, "NoticeKind", kind, HubTexts.text(lang, "noticeKind." + kind));
      code(reading, "NoticeReason", reason, HubTexts.text(lang, "noticeReason." + reason));
      code(reading, "State", state, HubTexts.text(lang, "requestState." + state));
    }
    return reading;
  }

  /** Free text not in the reader's language: its translation, or why there is none yet. */
  private void freeTexts(Element reading, Element envelope, Reader reader) {
    if (translations == null) {
      return;
    }
    String messageId = text(envelope, ENV_NS, "MessageId");
    String exchangeId = text(envelope, ENV_NS, "ExchangeId");
    List<Element> texts = children(envelope, ENV_NS, "FreeText");
    for (int i = 0; i < texts.size(); i++) {
      Element text = texts.get(i);
      String source = Languages.known(text.getAttribute("lang")).orElse(text.getAttribute("lang"));
      int index = i + 1;
      translations
          .forReader(messageId, exchangeId, index, text.getTextContent(), source, reader)
          .ifPresent(outcome -> freeText(reading, index, source, reader.language(), outcome));
    }
  }

  private static void freeText(
      Element reading,
      int index,
      String source,
      String target,
      FreeTextTranslations.Outcome outcome) {
    String note =
        switch (outcome.status()) {
          case MACHINE -> "freeText.machineTranslation";
          case PENDING -> "freeText.translationPending";
          case UNAVAILABLE -> "freeText.translationUnavailable";
        };
    Element element =
        child(
            reading,
            "FreeText",
            outcome.status() == TranslationStore.Status.MACHINE ? outcome.text() : null);
    element.setAttribute("index", Integer.toString(index));
    element.setAttribute("sourceLang", source);
    element.setAttribute("targetLang", target);
    element.setAttribute("translation", outcome.status().name());
    if (outcome.engine() != null) {
      element.setAttribute("engine", outcome.engine());
    }
    element.setAttribute("note", HubTexts.text(target, note));
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  private static void answer(
      Element reading, Procedure procedure, String lang, Element answer, Element envelope) {
    String questionCode = answer.getAttribute("questionCode");
    Element value = firstElementChild(answer);
    String words =
        switch (value.getLocalName()) {
          case "YesNo" ->
              HubTexts.text(
                  lang,
                  Boolean.parseBoolean(value.getTextContent().trim())
                          || "1".equals(value.getTextContent().trim())
                      ? "answer.yes"
                      : "answer.no");
          case "Choice" ->
              procedure == null
                  ? value.getTextContent().trim()
                  : procedure.optionText(lang, questionCode, value.getTextContent().trim());
          case "AttachmentRef" -> fileName(envelope, value.getTextContent().trim());
          default -> value.getTextContent();
        };
    Element rendered = child(reading, "Answer", null);
    rendered.setAttribute("questionCode", questionCode);
    child(rendered, "Question", questionText(procedure, lang, questionCode));
    child(rendered, "Value", words);
  }

  private static String questionText(Procedure procedure, String lang, String code) {
    return procedure == null || procedure.question(code).isEmpty()
        ? code
        : procedure.questionText(lang, code);
  }

  /** The file name of the attachment with this id (the ingest checked that it is there). */
  private static String fileName(Element envelope, String attachmentId) {
    for (Element attachment : children(envelope, ENV_NS, "Attachment")) {
      if (attachmentId.equals(attachment.getAttribute("id"))) {
        return text(attachment, ENV_NS, "FileName");
      }
    }
    return attachmentId;
  }

  private static void code(Element parent, String name, String code, String words) {
    child(parent, name, words).setAttribute("code", code);
  }

  private static Element child(Element parent, String name, String text) {
    Element child = parent.getOwnerDocument().createElementNS(HUB_NS, "hub:" + name);
    if (text != null) {
      child.setTextContent(text);
    }
    parent.appendChild(child);
    return child;
  }

  private static String text(Element parent, String ns, String name) {
    List<Element> found = children(parent, ns, name);
    return found.isEmpty() ? "" : found.get(0).getTextContent().trim();
  }

  /** The descendants with this name, in document order. */
  static List<Element> children(Element parent, String ns, String name) {
    List<Element> found = new ArrayList<>();
    var nodes = parent.getElementsByTagNameNS(ns, name);
    for (int i = 0; i < nodes.getLength(); i++) {
      found.add((Element) nodes.item(i));
    }
    return found;
  }

  private static Element firstElementChild(Element parent) {
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element) {
        return element;
      }
    }
    throw new IllegalStateException("a schema-valid Answer has a value");
  }
}
