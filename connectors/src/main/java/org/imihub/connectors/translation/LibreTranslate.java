package org.imihub.connectors.translation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.imihub.routes.translation.MachineTranslation;
import org.imihub.routes.translation.MachineTranslationException;

/**
 * Machine translation by a self-hosted LibreTranslate server: one {@code POST {url}/translate} per
 * text, answered with {@code {"translatedText": ...}} or, on failure, an HTTP error with {@code
 * {"error": ...}}. Self-hosted, so the texts stay on the operator's machines.
 *
 * <p>Each call is limited by {@code hub.translation.timeout}, connecting and answering alike. A
 * failure completes the future with a {@link MachineTranslationException} that says what happened
 * (the server's own error sentence when it gave one), never with the text.
 */
public class LibreTranslate implements MachineTranslation {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SERVICE = "LibreTranslate";

  private final HttpClient http;
  private final URI translateEndpoint;
  private final String apiKey;
  private final Duration timeout;

  /**
   * @param baseUrl the server's address ({@code hub.translation.libretranslate.url})
   * @param apiKey the key to send, or null for a server that asks for none
   * @param timeout the limit for connecting and for the answer
   */
  public LibreTranslate(URI baseUrl, String apiKey, Duration timeout) {
    this.translateEndpoint = Addresses.below(baseUrl, "translate");
    this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public String engine() {
    return "libretranslate";
  }

  @Override
  public CompletableFuture<String> translate(
      String text, String sourceLanguage, String targetLanguage) {
    Objects.requireNonNull(text, "text");
    CompletableFuture<String> translation = new CompletableFuture<>();
    HttpRequest request =
        HttpRequest.newBuilder(translateEndpoint)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofByteArray(body(text, sourceLanguage, targetLanguage)))
            .build();
    CompletableFuture<HttpResponse<byte[]>> call =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    // The request's timeout covers the answer's headers only: the whole answer has the same time.
    call.copy()
        .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
        .whenComplete(
            (response, failure) -> {
              try {
                if (failure != null) {
                  call.cancel(true);
                  throw TransportFailures.describe(SERVICE, translateEndpoint, timeout, failure);
                }
                translation.complete(translatedText(response, text));
              } catch (MachineTranslationException failed) {
                translation.completeExceptionally(failed);
              }
            });
    return translation;
  }

  private byte[] body(String text, String sourceLanguage, String targetLanguage) {
    ObjectNode body = JSON.createObjectNode();
    body.put("q", text);
    body.put("source", Objects.requireNonNull(sourceLanguage, "sourceLanguage"));
    body.put("target", Objects.requireNonNull(targetLanguage, "targetLanguage"));
    body.put("format", "text");
    if (apiKey != null) {
      body.put("api_key", apiKey);
    }
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new MachineTranslationException("could not write the LibreTranslate request", e);
    }
  }

  private String translatedText(HttpResponse<byte[]> response, String text) {
    JsonNode answer = readJson(response.body());
    if (response.statusCode() != 200) {
      JsonNode error = answer == null ? null : answer.get("error");
      throw new MachineTranslationException(
          SERVICE
              + " at "
              + translateEndpoint
              + " answered HTTP "
              + response.statusCode()
              + ": "
              + ServiceSentence.of(
                  error == null || !error.isTextual() ? null : error.asText(), text));
    }
    JsonNode translated = answer == null ? null : answer.get("translatedText");
    if (translated == null || !translated.isTextual()) {
      throw new MachineTranslationException(
          SERVICE + " at " + translateEndpoint + " answered without a translatedText");
    }
    return translated.asText();
  }

  /** The answer as JSON, or null when it is none (a proxy's HTML error page, say). */
  private static JsonNode readJson(byte[] body) {
    try {
      return body.length == 0 ? null : JSON.readTree(body);
    } catch (IOException notJson) {
      return null;
    }
  }
}
