package org.imihub.routes.procedure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imihub.contract.Languages;

/**
 * A procedure as configured (config/procedures/&lt;code&gt;/procedure.xml, docs/procedures.md):
 * what kind of exchange it is, its legal basis, deadlines and retention, its standard questions,
 * and their texts in every language the hub speaks.
 *
 * @param deadlines a request's deadlines; null for an alert
 * @param questions by code, in the file's order
 * @param texts by language, then key ({@code name}, {@code question.<code>}, {@code
 *     option.<question>.<option>}); complete for every language (the catalogue checks)
 */
public record Procedure(
    String code,
    Kind kind,
    String policyArea,
    List<LegalBasis> legalBasis,
    Deadlines deadlines,
    Retention retention,
    Map<String, Question> questions,
    Map<String, Map<String, String>> texts) {

  public enum Kind {
    /** From one authority to another, with a lifecycle (docs/lifecycle.md). */
    REQUEST,
    /** From one authority to many (docs/alerts.md). */
    ALERT
  }

  /** A legal act by CELEX number (e.g. 32005L0036) and the articles the procedure rests on. */
  public record LegalBasis(String celex, String articles) {}

  /**
   * Whole days: a sent request is to be accepted within {@code acceptanceDays}; one that names no
   * reply-by date is to be answered within {@code replyDays} of its sending.
   */
  public record Deadlines(int acceptanceDays, int replyDays) {}

  /** Days after the exchange's closure until its personal data is blocked, then deleted. */
  public record Retention(int blockAfterDays, int deleteAfterDays) {}

  /** A standard question and the answer it takes; a CHOICE lists its option codes. */
  public record Question(String code, AnswerKind answer, List<String> options) {
    public Question {
      options = List.copyOf(options);
    }
  }

  /** The kinds of answer, as the envelope's Answer element carries them. */
  public enum AnswerKind {
    YES_NO,
    CHOICE,
    DATE,
    NUMBER,
    TEXT,
    ATTACHMENT
  }

  public Procedure {
    legalBasis = List.copyOf(legalBasis);
    questions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(questions));
    texts = Map.copyOf(texts);
  }

  public Optional<Question> question(String questionCode) {
    return Optional.ofNullable(questions.get(questionCode));
  }

  public String name(String language) {
    return text(language, "name");
  }

  public String questionText(String language, String questionCode) {
    return text(language, "question." + questionCode);
  }

  public String optionText(String language, String questionCode, String optionCode) {
    return text(language, "option." + questionCode + "." + optionCode);
  }

  /** Every text key a complete translation of a procedure with these questions has. */
  public static List<String> textKeys(java.util.Collection<Question> questions) {
    List<String> keys = new java.util.ArrayList<>();
    keys.add("name");
    for (Question question : questions) {
      keys.add("question." + question.code());
      for (String option : question.options()) {
        keys.add("option." + question.code() + "." + option);
      }
    }
    return keys;
  }

  private String text(String language, String key) {
    String text = texts.getOrDefault(language, Map.of()).get(key);
    return text != null ? text : texts.get(Languages.FALLBACK).get(key);
  }
}
