package org.imihub.connectors.translation;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.imihub.connectors.translation.Failures.failureOf;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.imihub.connectors.translation.FakeETranslation.Behaviour;
import org.imihub.connectors.translation.TranslationProperties.ETranslationSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * eTranslation against a fake service on a free port that checks the Digest authentication and
 * calls back the hub's callback server (also on a free port): answers, refusals, forged callbacks,
 * silence.
 */
class ETranslationTest {
  private static final String TEXT = "Please confirm the licence of Dr. Kovács";
  private static final String APPLICATION = "imi-hub";
  private static final String PASSWORD = "correct horse battery staple";
  private static final Duration TIMEOUT = Duration.ofMillis(300);

  private final HttpClient client = HttpClient.newHttpClient();
  private FakeETranslation service;
  private ETranslationCallbacks callbacks;

  @BeforeEach
  void startService() throws IOException {
    service = new FakeETranslation(APPLICATION, PASSWORD);
  }

  @AfterEach
  void stopAll() {
    if (callbacks != null) {
      callbacks.stop();
    }
    service.close();
  }

  /** The request as eTranslation wants it; the translation comes by callback, answered 200. */
  @Test
  void aTranslationArrivesByCallback() throws Exception {
    ETranslation eTranslation = eTranslation(PASSWORD, Duration.ofSeconds(5));

    assertThat(eTranslation.translate(TEXT, "en", "de").get(5, SECONDS)).isEqualTo("[de] " + TEXT);

    JsonNode request = service.nextRequest();
    assertThat(request.path("sourceLanguage").asText()).isEqualTo("EN");
    assertThat(request.path("targetLanguages").size()).isEqualTo(1);
    assertThat(request.path("targetLanguages").path(0).asText()).isEqualTo("DE");
    assertThat(request.path("callerInformation").path("application").asText())
        .isEqualTo(APPLICATION);
    assertThat(request.path("callerInformation").path("username").asText())
        .isEqualTo("hub-operator");
    assertThat(request.path("textToTranslate").asText()).isEqualTo(TEXT);
    String secret = request.path("externalReference").asText();
    assertThat(Base64.getUrlDecoder().decode(secret)).hasSizeGreaterThanOrEqualTo(16);
    assertThat(request.path("requesterCallback").asText())
        .isEqualTo(callbackBase() + "/" + secret + "/translated");
    assertThat(request.path("errorCallback").asText())
        .isEqualTo(callbackBase() + "/" + secret + "/failed");
    assertThat(service.nextCallbackStatus()).isEqualTo(200);
    assertThat(callbacks.pendingCount()).isZero();
    assertThat(eTranslation.engine()).isEqualTo("etranslation");
  }

  /** Accents, Greek and Cyrillic go as JSON and come back in a UTF-8 form unchanged. */
  @Test
  void utf8TextRoundTrips() throws Exception {
    String text = "Árvíztűrő tükörfúrógép, Ελληνική Δημοκρατία, Российская Федерация, Ærø ß";
    ETranslation eTranslation = eTranslation(PASSWORD, Duration.ofSeconds(5));

    assertThat(eTranslation.translate(text, "hu", "nb").get(5, SECONDS)).isEqualTo("[nb] " + text);
  }

  /** Later requests answer the known Digest challenge at once: one 401 for many requests. */
  @Test
  void laterRequestsReuseTheDigestChallenge() throws Exception {
    ETranslation eTranslation = eTranslation(PASSWORD, Duration.ofSeconds(5));

    for (String target : new String[] {"de", "fr", "it"}) {
      assertThat(eTranslation.translate(TEXT, "en", target).get(5, SECONDS))
          .isEqualTo("[" + target + "] " + TEXT);
    }
    assertThat(service.challengesIssued()).isEqualTo(1);
  }

  /** A wrong password: eTranslation keeps answering 401, and the translation fails. */
  @Test
  void aWrongDigestPasswordFails() {
    ETranslation eTranslation = eTranslation("wrong password", Duration.ofSeconds(5));

    assertThat(failureOf(eTranslation.translate(TEXT, "en", "de"), TEXT))
        .hasMessageContaining("refused the credentials of application " + APPLICATION)
        .hasMessageContaining("HTTP 401")
        .hasMessageNotContaining("wrong password");
    assertThat(callbacks.pendingCount()).isZero();
  }

  /** A negative request id is eTranslation's refusal: its code is in the failure. */
  @Test
  void aNegativeRequestIdFails() {
    service.behave(Behaviour.REFUSE);
    ETranslation eTranslation = eTranslation(PASSWORD, Duration.ofSeconds(5));

    assertThat(failureOf(eTranslation.translate(TEXT, "en", "de"), TEXT))
        .hasMessageContaining("refused the request with error " + FakeETranslation.REFUSAL);
    assertThat(callbacks.pendingCount()).isZero();
  }

  /** An HTTP error instead of a request id. */
  @Test
  void anHttpErrorFails() {
    service.behave(Behaviour.BREAK);
    ETranslation eTranslation = eTranslation(PASSWORD, Duration.ofSeconds(5));

    assertThat(failureOf(eTranslation.translate(TEXT, "en", "de"), TEXT))
        .hasMessageContaining("HTTP 500");
  }

  /** The error callback fails the translation with eTranslation's code and sentence. */
  @Test
  void theErrorCallbackFails() throws Exception {
    service.behave(Behaviour.FAIL);
    ETranslation eTranslation = eTranslation(PASSWORD, Duration.ofSeconds(5));

    assertThat(failureOf(eTranslation.translate(TEXT, "en", "de"), TEXT))
        .hasMessageContaining("error " + FakeETranslation.ERROR_CODE)
        .hasMessageContaining(FakeETranslation.ERROR_MESSAGE)
        .hasMessageContaining("request 4201");
    assertThat(service.nextCallbackStatus()).isEqualTo(200);
  }

  /**
   * Callbacks without the secret of a pending translation are answered 404 and change nothing; the
   * genuine callback then completes the translation.
   */
  @Test
  void aForgedCallbackIsRefusedAndChangesNothing() throws Exception {
    service.behave(Behaviour.SILENT);
    ETranslation eTranslation = eTranslation(PASSWORD, Duration.ofSeconds(5));
    CompletableFuture<String> translation = eTranslation.translate(TEXT, "en", "de");
    JsonNode request = service.nextRequest();
    URI genuine = URI.create(request.path("requesterCallback").asText());
    String secret = request.path("externalReference").asText();
    Map<String, String> forged =
        Map.of("request-id", "4201", "target-language", "DE", "translated-text", "forged");

    assertThat(post(URI.create(callbackBase() + "/" + "A".repeat(43) + "/translated"), forged))
        .isEqualTo(404);
    assertThat(post(URI.create(callbackBase() + "/translated"), forged)).isEqualTo(404);
    assertThat(post(URI.create(callbackBase() + "/" + secret + "/elsewhere"), forged))
        .isEqualTo(404);
    assertThat(
            post(
                genuine, Map.of("translated-text", "forged", "external-reference", "A".repeat(43))))
        .isEqualTo(404);
    assertThat(translation).isNotDone();
    assertThat(callbacks.pendingCount()).isEqualTo(1);

    assertThat(
            post(
                genuine,
                Map.of(
                    "request-id", "4201",
                    "target-language", "DE",
                    "translated-text", "[de] genuine",
                    "external-reference", secret)))
        .isEqualTo(200);
    assertThat(translation.get(5, SECONDS)).isEqualTo("[de] genuine");
  }

  /** No callback within max-wait: the translation fails, and waits no more. */
  @Test
  void noCallbackFailsAfterMaxWait() {
    service.behave(Behaviour.SILENT);
    ETranslation eTranslation = eTranslation(PASSWORD, Duration.ofMillis(300));

    assertThat(failureOf(eTranslation.translate(TEXT, "en", "de"), TEXT))
        .hasMessageContaining("no answer from eTranslation within PT0.3S")
        .hasMessageContaining("request 4201");
    assertThat(callbacks.pendingCount()).isZero();
  }

  /** eTranslation does not even answer with a request id within the timeout. */
  @Test
  void aSlowServiceTimesOut() {
    service.behave(Behaviour.SLOW);
    ETranslation eTranslation = eTranslation(PASSWORD, Duration.ofSeconds(5));

    assertThat(failureOf(eTranslation.translate(TEXT, "en", "de"), TEXT))
        .hasMessageContaining("no answer from eTranslation")
        .hasMessageContaining("PT0.3S");
  }

  /** Nobody listening at eTranslation's address. */
  @Test
  void aRefusedConnectionFails() throws IOException {
    callbacks = startedCallbacks(Duration.ofSeconds(5), 10);
    ETranslation nobody =
        new ETranslation(
            settings(LibreTranslateTest.closedPort().toString(), PASSWORD), TIMEOUT, callbacks);

    assertThat(failureOf(nobody.translate(TEXT, "en", "de"), TEXT)).hasMessageContaining("refused");
    assertThat(callbacks.pendingCount()).isZero();
  }

  /** Pending translations are bounded: beyond the bound, a translation fails at once. */
  @Test
  void pendingTranslationsAreBounded() throws Exception {
    service.behave(Behaviour.SILENT);
    callbacks = startedCallbacks(Duration.ofSeconds(5), 1);
    ETranslation eTranslation = new ETranslation(settings(PASSWORD), TIMEOUT, callbacks);
    CompletableFuture<String> first = eTranslation.translate(TEXT, "en", "de");
    service.nextRequest();

    assertThat(failureOf(eTranslation.translate(TEXT, "en", "fr"), TEXT))
        .hasMessageContaining("already waiting");
    assertThat(first).isNotDone();
  }

  /** Stopping the callback server fails what is pending: it would be lost anyway. */
  @Test
  void stoppingFailsWhatIsPending() throws Exception {
    service.behave(Behaviour.SILENT);
    ETranslation eTranslation = eTranslation(PASSWORD, Duration.ofSeconds(5));
    CompletableFuture<String> translation = eTranslation.translate(TEXT, "en", "de");
    service.nextRequest();

    callbacks.stop();

    assertThat(failureOf(translation, TEXT)).hasMessageContaining("the hub stopped");
    assertThat(failureOf(eTranslation.translate(TEXT, "en", "de"), TEXT))
        .hasMessageContaining("not running");
  }

  private ETranslation eTranslation(String password, Duration maxWait) {
    callbacks = startedCallbacks(maxWait, 100);
    return new ETranslation(settings(password), TIMEOUT, callbacks);
  }

  private static ETranslationCallbacks startedCallbacks(Duration maxWait, int maxPending) {
    ETranslationCallbacks started = new ETranslationCallbacks("127.0.0.1", 0, maxWait, maxPending);
    started.start();
    return started;
  }

  private ETranslationSettings settings(String password) {
    return settings(service.url().toString(), password);
  }

  private ETranslationSettings settings(String url, String password) {
    return new ETranslationSettings(
        url,
        APPLICATION,
        "hub-operator",
        password,
        callbackBase(),
        "127.0.0.1",
        0,
        Duration.ofMinutes(10));
  }

  /**
   * The callback server's address as the fake eTranslation reaches it, with a path, as behind a
   * proxy.
   */
  private String callbackBase() {
    return "http://127.0.0.1:" + callbacks.port() + "/imi-hub/etranslation";
  }

  private int post(URI url, Map<String, String> fields) throws Exception {
    return FakeETranslation.postForm(client, url, fields);
  }
}
