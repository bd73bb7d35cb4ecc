package org.imihub.connectors.translation;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.imihub.connectors.translation.DigestAuthentication.Challenge;
import org.imihub.connectors.translation.ETranslationCallbacks.Pending;
import org.imihub.connectors.translation.TranslationProperties.ETranslationSettings;
import org.imihub.routes.translation.MachineTranslation;
import org.imihub.routes.translation.MachineTranslationException;

/**
 * Machine translation by the European Commission's eTranslation service, which answers later, by
 * callback. The hub POSTs the text as JSON (HTTP Digest authentication, as the application
 * eTranslation registered); eTranslation answers at once with a request id (a negative number is a
 * refusal, the -20000 range) and POSTs the translation to the requester callback later, or the
 * failure to the error callback. {@link ETranslationCallbacks} receives both and completes the
 * future. Languages go in upper case, as eTranslation names them ({@code EN}, {@code HU}, {@code
 * NB}).
 *
 * <p>The future fails with a {@link MachineTranslationException} on a refusal, an HTTP error, no
 * answer within {@code hub.translation.timeout}, the error callback, or no callback within {@code
 * hub.translation.etranslation.max-wait}. Pending translations live in memory and are lost on a
 * restart; the caller (the hub's pipeline) asks again for those that did not come.
 */
public class ETranslation implements MachineTranslation {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SERVICE = "eTranslation";

  private final HttpClient http;
  private final URI endpoint;
  private final String application;
  private final String username;
  private final URI callbackBase;
  private final Duration timeout;
  private final DigestAuthentication digest;
  private final ETranslationCallbacks callbacks;

  /**
   * @param settings {@code hub.translation.etranslation}, checked here (a missing or malformed
   *     value fails with the property's name)
   * @param timeout the limit for connecting and for eTranslation's request id
   * @param callbacks where the answers arrive
   */
  public ETranslation(
      ETranslationSettings settings, Duration timeout, ETranslationCallbacks callbacks) {
    this.endpoint = settings.endpoint();
    this.application = settings.requiredApplication();
    this.username = settings.requiredUsername();
    this.callbackBase = settings.callbackBase();
    this.digest = new DigestAuthentication(application, settings.requiredPassword());
    this.timeout = timeout;
    this.callbacks = callbacks;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public String engine() {
    return "etranslation";
  }

  @Override
  public CompletableFuture<String> translate(
      String text, String sourceLanguage, String targetLanguage) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(sourceLanguage, "sourceLanguage");
    Objects.requireNonNull(targetLanguage, "targetLanguage");
    Pending waiting = callbacks.await(text);
    if (waiting.translation().isDone()) {
      return waiting.translation();
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofByteArray(
                    body(text, sourceLanguage, targetLanguage, waiting.secret())));
    sendWithDigest(request)
        .whenComplete(
            (response, failure) -> {
              try {
                if (failure != null) {
                  throw TransportFailures.describe(SERVICE, endpoint, timeout, failure);
                }
                waiting.noteRequestId(String.valueOf(requestId(response)));
              } catch (MachineTranslationException failed) {
                waiting.fail(failed);
              }
            });
    return waiting.translation();
  }

  private byte[] body(String text, String sourceLanguage, String targetLanguage, String secret) {
    ObjectNode body = JSON.createObjectNode();
    body.put("sourceLanguage", eTranslationLanguage(sourceLanguage));
    body.putArray("targetLanguages").add(eTranslationLanguage(targetLanguage));
    body.putObject("callerInformation").put("application", application).put("username", username);
    body.put("textToTranslate", text);
    body.put(
        "requesterCallback",
        ETranslationCallbacks.callbackUrl(callbackBase, secret, ETranslationCallbacks.TRANSLATED)
            .toString());
    body.put(
        "errorCallback",
        ETranslationCallbacks.callbackUrl(callbackBase, secret, ETranslationCallbacks.FAILED)
            .toString());
    body.put("externalReference", secret);
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new MachineTranslationException("could not write the eTranslation request", e);
    }
  }

  private static String eTranslationLanguage(String isoLanguage) {
    return isoLanguage.strip().toUpperCase(Locale.ROOT);
  }

  /**
   * Sends the request, answering the Digest challenge: at once with the last one known, and once
   * more with a new one when the server asks for it (the first request, or a nonce gone stale).
   */
  private CompletableFuture<HttpResponse<String>> sendWithDigest(HttpRequest.Builder request) {
    return http.sendAsync(authorized(request, digest.lastChallenge()), answerBody())
        .thenCompose(
            response -> {
              Optional<Challenge> challenge =
                  response.statusCode() == 401
                      ? DigestAuthentication.challengeIn(response.headers())
                      : Optional.empty();
              return challenge.isEmpty()
                  ? CompletableFuture.completedFuture(response)
                  : http.sendAsync(authorized(request, challenge.get()), answerBody());
            });
  }

  private HttpRequest authorized(HttpRequest.Builder request, Challenge challenge) {
    HttpRequest.Builder copy = request.copy();
    if (challenge != null) {
      copy.header("Authorization", digest.authorization(challenge, "POST", endpoint));
    }
    return copy.build();
  }

  private static HttpResponse.BodyHandler<String> answerBody() {
    return HttpResponse.BodyHandlers.ofString(UTF_8);
  }

  /** eTranslation's number for the request: positive, or a refusal. */
  private long requestId(HttpResponse<String> response) {
    if (response.statusCode() == 401) {
      throw new MachineTranslationException(
          SERVICE
              + " at "
              + endpoint
              + " refused the credentials of application "
              + application
              + " (HTTP 401)");
    }
    if (response.statusCode() / 100 != 2) {
      throw new MachineTranslationException(
          SERVICE + " at " + endpoint + " answered HTTP " + response.statusCode());
    }
    long requestId;
    try {
      requestId = Long.parseLong(response.body().strip().replace("\"", ""));
    } catch (NumberFormatException notANumber) {
      throw new MachineTranslationException(
          SERVICE + " at " + endpoint + " answered without a request id");
    }
    if (requestId < 0) {
      throw new MachineTranslationException(
          SERVICE
              + " refused the request with error "
              + requestId
              + " (see eTranslation's list of error codes)");
    }
    return requestId;
  }
}
