package org.imihub.connectors.translation;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.imihub.connectors.translation.Failures.failureOf;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.imihub.connectors.translation.FakeLibreTranslate.Behaviour;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** LibreTranslate against a fake server on a free port: answers, refusals, silence. */
class LibreTranslateTest {
  private static final String TEXT = "Please confirm the licence of Dr. Kovács";
  private static final Duration TIMEOUT = Duration.ofMillis(300);

  private FakeLibreTranslate server;
  private LibreTranslate libreTranslate;

  @BeforeEach
  void startServer() throws IOException {
    server = new FakeLibreTranslate(null);
    libreTranslate = new LibreTranslate(server.url(), null, TIMEOUT);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  /** Text, source and target go as LibreTranslate's JSON; its translatedText comes back. */
  @Test
  void aTranslationArrives() throws Exception {
    assertThat(libreTranslate.translate(TEXT, "en", "de").get(5, SECONDS))
        .isEqualTo("[de] " + TEXT);

    JsonNode request = server.nextRequest();
    assertThat(request.path("q").asText()).isEqualTo(TEXT);
    assertThat(request.path("source").asText()).isEqualTo("en");
    assertThat(request.path("target").asText()).isEqualTo("de");
    assertThat(request.path("format").asText()).isEqualTo("text");
    assertThat(request.has("api_key")).isFalse();
    assertThat(libreTranslate.engine()).isEqualTo("libretranslate");
  }

  /** Accents, Greek and Cyrillic arrive and come back unchanged around the translation. */
  @Test
  void utf8TextRoundTrips() throws Exception {
    String text = "Árvíztűrő tükörfúrógép, Ελληνική Δημοκρατία, Российская Федерация, Ærø ß";

    assertThat(libreTranslate.translate(text, "hu", "el").get(5, SECONDS))
        .isEqualTo("[el] " + text);
  }

  /** A base address with a path and a trailing slash still leads to {base}/translate. */
  @Test
  void theBaseAddressMayEndWithASlash() throws Exception {
    LibreTranslate withSlash = new LibreTranslate(URI.create(server.url() + "/"), null, TIMEOUT);

    assertThat(withSlash.translate(TEXT, "en", "fr").get(5, SECONDS)).isEqualTo("[fr] " + TEXT);
  }

  /** A configured API key goes with each request; a server that wants one refuses without it. */
  @Test
  void theApiKeyGoesWithTheRequest() throws Exception {
    try (FakeLibreTranslate keyed = new FakeLibreTranslate("key-123")) {
      LibreTranslate withKey = new LibreTranslate(keyed.url(), "key-123", TIMEOUT);
      assertThat(withKey.translate(TEXT, "en", "de").get(5, SECONDS)).isEqualTo("[de] " + TEXT);
      assertThat(keyed.nextRequest().path("api_key").asText()).isEqualTo("key-123");

      LibreTranslate withoutKey = new LibreTranslate(keyed.url(), null, TIMEOUT);
      assertThat(failureOf(withoutKey.translate(TEXT, "en", "de"), TEXT))
          .hasMessageContaining("HTTP 403")
          .hasMessageContaining("Invalid API key");
    }
  }

  /** The server's error sentence reaches the exception, with the HTTP status. */
  @Test
  void theServiceErrorSentenceReachesTheException() {
    server.behave(Behaviour.REFUSE);

    assertThat(failureOf(libreTranslate.translate(TEXT, "en", "xx"), TEXT))
        .hasMessageContaining("HTTP 400")
        .hasMessageContaining("xx is not supported");
  }

  /** An error sentence that quotes the text is withheld: the text may hold personal data. */
  @Test
  void anErrorSentenceQuotingTheTextIsWithheld() {
    server.behave(Behaviour.REFUSE_QUOTING_THE_TEXT);

    assertThat(failureOf(libreTranslate.translate(TEXT, "en", "de"), TEXT))
        .hasMessageContaining("HTTP 400")
        .hasMessageContaining("withheld");
  }

  /**
   * A server that does not answer within the timeout, or sends its headers and then stalls: the
   * translation fails at the timeout, saying so (the request's own timeout covers only the headers,
   * and a stalled call would stay pending for good).
   */
  @ParameterizedTest
  @EnumSource(names = {"SLOW", "STALLED_AFTER_HEADERS"})
  void noWholeAnswerWithinTheTimeoutFails(Behaviour silence) {
    server.behave(silence);

    assertThat(failureOf(libreTranslate.translate(TEXT, "en", "de"), TEXT))
        .hasMessageContaining("no answer from LibreTranslate")
        .hasMessageContaining("PT0.3S");
  }

  /** Nobody listening: the translation fails as refused. */
  @Test
  void aRefusedConnectionFails() throws IOException {
    LibreTranslate nobody = new LibreTranslate(closedPort(), null, TIMEOUT);

    assertThat(failureOf(nobody.translate(TEXT, "en", "de"), TEXT)).hasMessageContaining("refused");
  }

  /** An answer without translatedText is a failure, not an empty translation. */
  @Test
  void anAnswerWithoutTranslatedTextFails() {
    server.behave(Behaviour.ANSWER_WITHOUT_TRANSLATION);

    assertThat(failureOf(libreTranslate.translate(TEXT, "en", "de"), TEXT))
        .hasMessageContaining("without a translatedText");
  }

  /** A proxy's HTML error page: the status, and that no reason was given. */
  @Test
  void aProxyErrorPageGivesTheStatus() {
    server.behave(Behaviour.PROXY_ERROR_PAGE);

    assertThat(failureOf(libreTranslate.translate(TEXT, "en", "de"), TEXT))
        .hasMessageContaining("HTTP 502")
        .hasMessageContaining("no reason given");
  }

  /** The address of a port that was free a moment ago, and is closed now. */
  static URI closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
  }
}
