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
import java.util.concurrent.Executors;

/**
 * A LibreTranslate server for the tests (its {@code POST /translate} API): answers "[target] text"
 * at once; a text containing SLOW after 2.5 s; a text containing FAIL, or any text while {@link
 * #down}, with HTTP 500. Records each request as "source>target:text".
 */
public final class FakeLibreTranslate implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile boolean down;

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

  /** While down, every request gets HTTP 503. */
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
        Thread.sleep(2500);
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
