package org.imihub.connectors.translation;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A LibreTranslate server for tests, on a free port of the loopback address: {@code POST
 * /translate} with {@code {"q","source","target","format","api_key"}}, answered {@code
 * {"translatedText": "[target] q"}}, or as {@link #behave} says.
 */
final class FakeLibreTranslate implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  enum Behaviour {
    TRANSLATE,
    /** HTTP 400 with an error sentence, as for an unsupported language. */
    REFUSE,
    /** HTTP 400 with an error sentence that quotes the text. */
    REFUSE_QUOTING_THE_TEXT,
    /** Answers only when closed. */
    SLOW,
    /** Sends the answer's headers and the start of its body, then nothing until closed. */
    STALLED_AFTER_HEADERS,
    /** HTTP 200 without translatedText. */
    ANSWER_WITHOUT_TRANSLATION,
    /** HTTP 502 with an HTML page, as a proxy in front of a server that is down. */
    PROXY_ERROR_PAGE
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final BlockingQueue<JsonNode> requests = new LinkedBlockingQueue<>();
  private final String requiredApiKey;
  private volatile Behaviour behaviour = Behaviour.TRANSLATE;

  /**
   * @param requiredApiKey the key a request must carry, or null for none
   */
  FakeLibreTranslate(String requiredApiKey) throws IOException {
    this.requiredApiKey = requiredApiKey;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(threads);
    server.createContext("/translate", this::handle);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  void behave(Behaviour behaviour) {
    this.behaviour = behaviour;
  }

  /** The next request the server received, as JSON. */
  JsonNode nextRequest() throws InterruptedException {
    JsonNode request = requests.poll(5, TimeUnit.SECONDS);
    if (request == null) {
      throw new AssertionError("LibreTranslate got no request");
    }
    return request;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      JsonNode request = JSON.readTree(exchange.getRequestBody());
      requests.add(request);
      String text = request.path("q").asText();
      if (requiredApiKey != null && !requiredApiKey.equals(request.path("api_key").asText(null))) {
        answer(exchange, 403, Map.of("error", "Invalid API key"));
        return;
      }
      switch (behaviour) {
        case TRANSLATE ->
            answer(
                exchange,
                200,
                Map.of("translatedText", "[" + request.path("target").asText() + "] " + text));
        case REFUSE ->
            answer(
                exchange,
                400,
                Map.of("error", request.path("target").asText() + " is not supported"));
        case REFUSE_QUOTING_THE_TEXT ->
            answer(exchange, 400, Map.of("error", "Cannot translate " + text));
        case SLOW -> {
          closing.await();
          answer(exchange, 503, Map.of("error", "too late"));
        }
        case STALLED_AFTER_HEADERS -> {
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, 1000);
          exchange.getResponseBody().write("{\"translatedText\": \"".getBytes(UTF_8));
          exchange.getResponseBody().flush();
          closing.await();
        }
        case ANSWER_WITHOUT_TRANSLATION ->
            answer(exchange, 200, Map.of("detectedLanguage", Map.of("language", "en")));
        case PROXY_ERROR_PAGE -> {
          byte[] page = "<html><body>502 Bad Gateway</body></html>".getBytes(UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/html");
          exchange.sendResponseHeaders(502, page.length);
          exchange.getResponseBody().write(page);
        }
      }
    } catch (InterruptedException closed) {
      Thread.currentThread().interrupt();
    }
  }

  private static void answer(HttpExchange exchange, int status, Object json) throws IOException {
    byte[] body = JSON.writeValueAsBytes(json);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}
