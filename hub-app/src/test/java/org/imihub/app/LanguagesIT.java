package org.imihub.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.imihub.app.support.HubIT;
import org.imihub.client.Envelopes;
import org.imihub.client.Envelopes.Answer;
import org.imihub.client.Envelopes.Attachment;
import org.imihub.client.Envelopes.Audience;
import org.imihub.client.HubClient;
import org.imihub.client.HubProblemException;
import org.imihub.contract.HubTexts;
import org.imihub.contract.hub.v1.Reading;
import org.imihub.routes.procedure.Procedure;
import org.imihub.routes.procedure.ProcedureCatalogue;
import org.junit.jupiter.api.Test;

/**
 * Every party reads in its own language: deliveries carry a reading in the recipient's language,
 * the procedure catalogue is served in the caller's, and content that does not fit its procedure is
 * refused with a typed error before anything is stored.
 */
class LanguagesIT extends HubIT {
  private static final ProcedureCatalogue PROCEDURES =
      ProcedureCatalogue.load(Path.of("../config/procedures"));
  private static final Procedure PQ_CHECK = PROCEDURES.find("PQ-CHECK").orElseThrow();
  private static final ObjectMapper JSON = new ObjectMapper();

  // HU-EEKH asks in Hungarian; FR-CNOM reads the request in French, HU-EEKH the answer in
  // Hungarian.
  @Test
  void eachPartyReadsTheCodesInItsOwnLanguage() {
    HubClient hu = client("HU-EEKH");
    HubClient fr = client("FR-CNOM");
    Envelopes request =
        Envelopes.request("HU-EEKH", "FR-CNOM")
            .language("hu")
            .questions("PQ-DIPLOMA-GENUINE", "PQ-SANCTIONS");
    hu.submit(request.signedBy(hu.signer()));

    Reading asked = awaitInMailbox("FR-CNOM", request.messageId()).reading();
    assertThat(asked.getLang()).isEqualTo("fr");
    assertThat(asked.getProcedure().getCode()).isEqualTo("PQ-CHECK");
    assertThat(asked.getProcedure().getValue()).isEqualTo(PQ_CHECK.name("fr"));
    assertThat(asked.getMessageType().getValue())
        .isEqualTo(HubTexts.text("fr", "messageType.REQUEST"));
    assertThat(asked.getQuestion())
        .extracting(question -> question.getValue())
        .containsExactly(
            PQ_CHECK.questionText("fr", "PQ-DIPLOMA-GENUINE"),
            PQ_CHECK.questionText("fr", "PQ-SANCTIONS"));

    Envelopes accept =
        Envelopes.action("ACCEPT", "FR-CNOM", "HU-EEKH", request.exchangeId()).language("fr");
    fr.submit(accept.signedBy(fr.signer()));
    Envelopes answer =
        Envelopes.action("ANSWER", "FR-CNOM", "HU-EEKH", request.exchangeId())
            .language("fr")
            .answers(
                new Answer("PQ-DIPLOMA-GENUINE", "YesNo", "true"),
                new Answer("PQ-SANCTIONS", "Choice", "DISCIPLINARY_ACTION"),
                new Answer("PQ-DIPLOMA-DATE", "Date", "2011-06-30"),
                new Answer("PQ-TRAINING-YEARS", "Number", "6"),
                new Answer("PQ-GOOD-STANDING", "AttachmentRef", "att-1"))
            .attachments(
                new Attachment(
                    "att-1", "attestation.pdf", "application/pdf", "%PDF-1.4".getBytes()));
    fr.submit(answer.signedBy(fr.signer()));

    Reading answered = awaitInMailbox("HU-EEKH", answer.messageId()).reading();
    assertThat(answered.getLang()).isEqualTo("hu");
    assertThat(answered.getMessageType().getValue())
        .isEqualTo(HubTexts.text("hu", "messageType.ANSWER"));
    assertThat(answered.getAnswer())
        .extracting(a -> a.getQuestionCode() + ": " + a.getQuestion() + " = " + a.getValue())
        .containsExactly(
            "PQ-DIPLOMA-GENUINE: "
                + PQ_CHECK.questionText("hu", "PQ-DIPLOMA-GENUINE")
                + " = "
                + HubTexts.text("hu", "answer.yes"),
            "PQ-SANCTIONS: "
                + PQ_CHECK.questionText("hu", "PQ-SANCTIONS")
                + " = "
                + PQ_CHECK.optionText("hu", "PQ-SANCTIONS", "DISCIPLINARY_ACTION"),
            "PQ-DIPLOMA-DATE: " + PQ_CHECK.questionText("hu", "PQ-DIPLOMA-DATE") + " = 2011-06-30",
            "PQ-TRAINING-YEARS: " + PQ_CHECK.questionText("hu", "PQ-TRAINING-YEARS") + " = 6",
            "PQ-GOOD-STANDING: "
                + PQ_CHECK.questionText("hu", "PQ-GOOD-STANDING")
                + " = attestation.pdf");
  }

  // An alert reaches each member in its own language; Norway's coordinator reads Bokmål.
  @Test
  void anAlertIsReadInEachRecipientsLanguage() {
    HubClient hu = client("HU-EEKH");
    Envelopes alert =
        Envelopes.alert(
                "HU-EEKH",
                new Audience("PROFESSIONAL_QUALIFICATIONS", List.of("DE", "NO"), false, false))
            .language("hu")
            .answers(new Answer("PQ-ALERT-GROUND", "Choice", "FALSIFIED_QUALIFICATIONS"));
    hu.submit(alert.signedBy(hu.signer()));

    Procedure pqAlert = PROCEDURES.find("PQ-ALERT").orElseThrow();
    for (String[] reader : new String[][] {{"DE-BAEK", "de"}, {"NO-HDIR", "nb"}}) {
      Reading reading = awaitInMailbox(reader[0], alert.messageId()).reading();
      assertThat(reading.getLang()).isEqualTo(reader[1]);
      assertThat(reading.getProcedure().getValue()).isEqualTo(pqAlert.name(reader[1]));
      assertThat(reading.getAnswer().get(0).getValue())
          .isEqualTo(pqAlert.optionText(reader[1], "PQ-ALERT-GROUND", "FALSIFIED_QUALIFICATIONS"));
    }
  }

  // Content that does not fit its procedure: a typed error, and nothing stored.
  @Test
  void contentThatDoesNotFitItsProcedureIsRefusedAndNothingIsKept() {
    HubClient hu = client("HU-EEKH");
    assertRefused(
        hu, Envelopes.request("HU-EEKH", "FR-CNOM").procedure("NO-SUCH"), "PROCEDURE_UNKNOWN");
    assertRefused(
        hu,
        Envelopes.alert(
                "HU-EEKH", new Audience("PROFESSIONAL_QUALIFICATIONS", List.of("FR"), false, false))
            .procedure("PQ-CHECK"),
        "PROCEDURE_MISMATCH");
    assertRefused(
        hu, Envelopes.request("HU-EEKH", "FR-CNOM").procedure("PQ-ALERT"), "PROCEDURE_MISMATCH");
    assertRefused(
        hu,
        Envelopes.request("HU-EEKH", "FR-CNOM").questions("SD-ESTABLISHED"),
        "QUESTION_UNKNOWN");
    assertRefused(
        hu,
        Envelopes.request("HU-EEKH", "FR-CNOM").answers(new Answer("PQ-NO-SUCH", "YesNo", "true")),
        "QUESTION_UNKNOWN");
    assertRefused(
        hu,
        Envelopes.request("HU-EEKH", "FR-CNOM")
            .answers(new Answer("PQ-DIPLOMA-GENUINE", "Text", "oui")),
        "ANSWER_INVALID");
    assertRefused(
        hu,
        Envelopes.request("HU-EEKH", "FR-CNOM")
            .answers(new Answer("PQ-SANCTIONS", "Choice", "PERHAPS")),
        "ANSWER_INVALID");
    assertRefused(
        hu,
        Envelopes.request("HU-EEKH", "FR-CNOM")
            .answers(new Answer("PQ-GOOD-STANDING", "AttachmentRef", "att-9")),
        "ANSWER_INVALID");
    assertRefused(hu, Envelopes.request("HU-EEKH", "FR-CNOM").language("xx"), "LANGUAGE_UNKNOWN");
    assertRefused(
        hu, Envelopes.request("HU-EEKH", "FR-CNOM").freeText("zz", "text"), "LANGUAGE_UNKNOWN");
  }

  @Test
  void theCatalogueIsServedInTheCallersLanguage() throws Exception {
    HubClient caller = client("HU-EEKH");

    HttpResponse<byte[]> german = caller.getRaw("/api/v1/procedures?lang=de");
    assertThat(german.statusCode()).isEqualTo(200);
    assertThat(german.headers().firstValue("Content-Language")).hasValue("de");
    JsonNode list = JSON.readTree(german.body());
    assertThat(list).hasSize(3);
    assertThat(list.findValuesAsText("code")).containsExactly("PQ-ALERT", "PQ-CHECK", "SD-INFO");
    assertThat(list.get(1).get("name").asText()).isEqualTo(PQ_CHECK.name("de"));
    assertThat(list.get(1).get("deadlines").get("acceptanceDays").asInt()).isEqualTo(7);
    assertThat(list.get(1).get("legalBasis").get(0).get("eurLex").asText())
        .isEqualTo("https://eur-lex.europa.eu/legal-content/DE/TXT/?uri=CELEX:32005L0036");

    HttpResponse<byte[]> negotiated =
        caller.getRaw(
            "/api/v1/procedures/PQ-CHECK", "Accept-Language", "zh-TW, pl;q=0.8, de;q=0.5");
    assertThat(negotiated.headers().firstValue("Content-Language")).hasValue("pl");
    JsonNode check = JSON.readTree(negotiated.body());
    assertThat(check.get("name").asText()).isEqualTo(PQ_CHECK.name("pl"));
    JsonNode sanctions = check.get("questions").get(6);
    assertThat(sanctions.get("code").asText()).isEqualTo("PQ-SANCTIONS");
    assertThat(sanctions.get("text").asText())
        .isEqualTo(PQ_CHECK.questionText("pl", "PQ-SANCTIONS"));
    assertThat(sanctions.get("options").findValuesAsText("text"))
        .contains(PQ_CHECK.optionText("pl", "PQ-SANCTIONS", "CRIMINAL_SANCTION"));
    assertThat(check.get("questions").get(0).get("options").findValuesAsText("code"))
        .containsExactly("true", "false");

    HttpResponse<byte[]> fallback =
        caller.getRaw("/api/v1/procedures", "Accept-Language", "zh, ja");
    assertThat(fallback.headers().firstValue("Content-Language")).hasValue("en");

    HttpResponse<byte[]> unknownLanguage = caller.getRaw("/api/v1/procedures?lang=xx");
    assertThat(unknownLanguage.statusCode()).isEqualTo(422);
    assertThat(HubClient.problem(unknownLanguage).code()).isEqualTo("LANGUAGE_UNKNOWN");

    HttpResponse<byte[]> unknownProcedure = caller.getRaw("/api/v1/procedures/NO-SUCH?lang=fr");
    assertThat(unknownProcedure.statusCode()).isEqualTo(404);
    assertThat(HubClient.problem(unknownProcedure).code()).isEqualTo("RESOURCE_NOT_FOUND");
    assertThat(new String(unknownProcedure.body(), StandardCharsets.UTF_8)).contains("PQ-CHECK");
    assertThat(unknownProcedure.headers().firstValue("Content-Language")).hasValue("en");

    // A refusal's title comes in the language the caller asks for.
    HttpResponse<byte[]> refusedInGerman =
        caller.getRaw("/api/v1/procedures?lang=xx", "Accept-Language", "de-AT, en;q=0.5");
    assertThat(refusedInGerman.headers().firstValue("Content-Language")).hasValue("de");
    assertThat(new String(refusedInGerman.body(), StandardCharsets.UTF_8))
        .contains(HubTexts.text("de", "error.LANGUAGE_UNKNOWN"));
  }

  private void assertRefused(HubClient client, Envelopes envelope, String code) {
    assertThatThrownBy(() -> client.submit(envelope.signedBy(client.signer())))
        .as(code)
        .isInstanceOfSatisfying(
            HubProblemException.class, problem -> assertThat(problem.code()).isEqualTo(code));
    assertThatThrownBy(() -> client.exchange(envelope.exchangeId()))
        .as("nothing kept of a refused " + code)
        .isInstanceOfSatisfying(
            HubProblemException.class,
            problem -> assertThat(problem.code()).isEqualTo("EXCHANGE_NOT_FOUND"));
  }
}
