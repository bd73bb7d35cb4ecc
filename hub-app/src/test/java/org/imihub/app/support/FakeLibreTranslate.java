package org.imihub.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A LibreTranslate server for the tests (its {@code POST /translate} API): answers "[target] text"
 * at once; a text containing SLOW only once the test calls {@link #answerSlowOnes}; a text
 * containing FAIL, or any text while {@link #down}, with HTTP 500. Records each request as
 * "source>target:text".
 */
public final class FakeLibreTranslate implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile boolean down;
  private final CountDownLatch slowAnswers = new CountDownLatch(1);

  public FakeLibreTranslate() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/translate", this::translate);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Lets the answers to SLOW texts go, held until now. */
  public void answerSlowOnes() {
    slowAnswers.countDown();
  }

  /** While down, every request gets HTTP 500. */
  public void down(boolean isDown) {
    down = isDown;
  }

  /** The requests so far, as "source>target:text". */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  private void translate(HttpExchange exchange) throws IOException {
    JsonNode request = JSON.readTree(exchange.getRequestBody());
    String text = request.get("q").asText();
    String target = request.get("target").asText();
    requests.add(request.get("source").asText() + ">" + target + ":" + text);
    if (text.contains("SLOW")) {
      try {
        // Held until the test lets it go (or the hub's own call has long timed out).
        slowAnswers.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    boolean fail = down || text.contains("FAIL");
    byte[] body =
        JSON.writeValueAsBytes(
            fail
                ? java.util.Map.of("error", "The translation model is overloaded")
                : java.util.Map.of("translatedText", "[" + target + "] " + text));
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(fail ? 500 : 200, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
