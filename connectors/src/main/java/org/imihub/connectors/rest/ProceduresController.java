package org.imihub.connectors.rest;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.imihub.connectors.channel.Callers;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.contract.HubTexts;
import org.imihub.contract.Languages;
import org.imihub.routes.procedure.Procedure;
import org.imihub.routes.procedure.ProcedureCatalogue;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The procedure catalogue in the caller's language, so that back offices build their forms from it:
 * {@code GET /api/v1/procedures} and {@code /api/v1/procedures/{code}}. JSON, unlike the signed
 * documents: it is reference data for user interfaces, not a message. The language is {@code lang}
 * when given (it must be one the hub speaks), else the best match of {@code Accept-Language}, else
 * English (docs/languages.md); the answer says which in {@code Content-Language}.
 */
@RestController
@RequestMapping("/api/v1/procedures")
@Tag(name = "procedures", description = "The procedures, their questions and texts")
public class ProceduresController {
  private final Callers callers;
  private final ProcedureCatalogue procedures;

  public ProceduresController(Callers callers, ProcedureCatalogue procedures) {
    this.callers = callers;
    this.procedures = procedures;
  }

  /** A procedure in one language, without its questions. */
  public record ProcedureSummary(
      String code,
      String kind,
      String kindName,
      String policyArea,
      String name,
      List<LegalBasis> legalBasis,
      Procedure.Deadlines deadlines,
      Procedure.Retention retention) {}

  /** A procedure in one language, with its questions (the summary's fields, then questions). */
  public record ProcedureDetail(
      @JsonUnwrapped ProcedureSummary summary, List<Question> questions) {}

  /** A legal act: CELEX number, articles, and its address on EUR-Lex. */
  public record LegalBasis(String celex, String articles, String eurLex) {}

  /**
   * A question, the type of answer it takes, and the answers to offer: the options of a CHOICE, yes
   * and no (codes {@code true} and {@code false}, as the envelope's YesNo) for a YES_NO.
   */
  public record Question(
      String code, String answerType, String answerTypeName, String text, List<Option> options) {}

  public record Option(String code, String text) {}

  @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Every procedure, named in the chosen language")
  @ApiResponse(responseCode = "200", description = "the procedures, by code")
  @ApiResponse(
      responseCode = "422",
      description = "LANGUAGE_UNKNOWN",
      content = @Content(mediaType = ApiDocs.PROBLEM))
  public ResponseEntity<List<ProcedureSummary>> all(
      @Parameter(description = "ISO 639-1 language code, e.g. fr; overrides Accept-Language")
          @RequestParam(required = false)
          String lang,
      @RequestHeader(name = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage,
      HttpServletRequest request) {
    callers.of(request); // registered authorities only (CLIENT_CERTIFICATE_UNKNOWN otherwise)
    String language = language(lang, acceptLanguage);
    return answer(
        language,
        procedures.all().stream().map(procedure -> summary(procedure, language)).toList());
  }

  @GetMapping(path = "/{code}", produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      summary = "One procedure with its questions and answer options, in the chosen language")
  @ApiResponse(responseCode = "200", description = "the procedure")
  @ApiResponse(
      responseCode = "404",
      description = "RESOURCE_NOT_FOUND",
      content = @Content(mediaType = ApiDocs.PROBLEM))
  @ApiResponse(
      responseCode = "422",
      description = "LANGUAGE_UNKNOWN",
      content = @Content(mediaType = ApiDocs.PROBLEM))
  public ResponseEntity<ProcedureDetail> one(
      @PathVariable String code,
      @Parameter(description = "ISO 639-1 language code, e.g. fr; overrides Accept-Language")
          @RequestParam(required = false)
          String lang,
      @RequestHeader(name = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage,
      HttpServletRequest request) {
    callers.of(request); // registered authorities only
    String language = language(lang, acceptLanguage);
    Procedure procedure =
        procedures
            .find(code)
            .orElseThrow(
                () ->
                    new HubException(
                        ErrorCode.RESOURCE_NOT_FOUND,
                        "No procedure "
                            + code
                            + "; the hub's procedures are "
                            + procedures.all().stream().map(Procedure::code).toList()
                            + "."));
    List<Question> questions =
        procedure.questions().values().stream()
            .map(question -> question(procedure, question, language))
            .toList();
    return answer(language, new ProcedureDetail(summary(procedure, language), questions));
  }

  private static String language(String lang, String acceptLanguage) {
    return lang != null
        ? Languages.require(lang, "The lang parameter")
        : Languages.negotiate(acceptLanguage);
  }

  private static <T> ResponseEntity<T> answer(String language, T body) {
    return ResponseEntity.ok()
        .header(HttpHeaders.CONTENT_LANGUAGE, language)
        .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE)
        .contentType(MediaType.APPLICATION_JSON)
        .body(body);
  }

  private static ProcedureSummary summary(Procedure procedure, String language) {
    return new ProcedureSummary(
        procedure.code(),
        procedure.kind().name(),
        HubTexts.text(language, "procedureKind." + procedure.kind().name()),
        procedure.policyArea(),
        procedure.name(language),
        procedure.legalBasis().stream()
            .map(
                basis ->
                    new LegalBasis(
                        basis.celex(), basis.articles(), eurLex(basis.celex(), language)))
            .toList(),
        procedure.deadlines(),
        procedure.retention());
  }

  /** EUR-Lex has the official EU languages; Icelandic and Norwegian readers get English. */
  private static String eurLex(String celex, String language) {
    String eurLexLanguage =
        List.of("is", "nb").contains(language) ? "EN" : language.toUpperCase(java.util.Locale.ROOT);
    return "https://eur-lex.europa.eu/legal-content/" + eurLexLanguage + "/TXT/?uri=CELEX:" + celex;
  }

  private static Question question(
      Procedure procedure, Procedure.Question question, String language) {
    List<Option> options =
        switch (question.answer()) {
          case CHOICE ->
              question.options().stream()
                  .map(
                      option ->
                          new Option(
                              option, procedure.optionText(language, question.code(), option)))
                  .toList();
          case YES_NO ->
              List.of(
                  new Option("true", HubTexts.text(language, "answer.yes")),
                  new Option("false", HubTexts.text(language, "answer.no")));
          default -> List.of();
        };
    return new Question(
        question.code(),
        question.answer().name(),
        HubTexts.text(language, "answerType." + question.answer().name()),
        procedure.questionText(language, question.code()),
        options);
  }
}
