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
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The eTranslation service for tests, on a free port of the loopback address. It asks for HTTP
 * Digest authentication (MD5, qop=auth) and checks it with its own computation, answers a request
 * id, and then, on another thread, POSTs the translation ({@code "[de] " + text} for target {@code
 * DE}) to the request's requester callback as form fields, or as {@link #behave} says.
 */
final class FakeETranslation implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String REALM = "eTranslation";
  static final String REFUSAL = "-20001";
  static final String ERROR_CODE = "-20035";
  static final String ERROR_MESSAGE = "Language pair not supported";

  enum Behaviour {
    TRANSLATE,
    /** Calls the error callback. */
    FAIL,
    /** Answers a request id and never calls back. */
    SILENT,
    /** Answers a negative request id. */
    REFUSE,
    /** HTTP 500. */
    BREAK,
    /** Answers only when closed. */
    SLOW
  }

  private final String application;
  private final String password;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final HttpClient callbackClient = HttpClient.newHttpClient();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final SecureRandom random = new SecureRandom();
  private final Map<String, AtomicLong> lastNonceCount = new ConcurrentHashMap<>();
  private final Set<String> issuedNonces = ConcurrentHashMap.newKeySet();
  private final AtomicInteger requestIds = new AtomicInteger(4200);
  private final BlockingQueue<JsonNode> requests = new LinkedBlockingQueue<>();
  private final BlockingQueue<Integer> callbackStatuses = new LinkedBlockingQueue<>();
  private volatile Behaviour behaviour = Behaviour.TRANSLATE;

  FakeETranslation(String application, String password) throws IOException {
    this.application = application;
    this.password = password;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(threads);
    server.createContext("/etranslation/si-translate-api", this::handle);
    server.start();
  }

  URI url() {
    return URI.create(
        "http://127.0.0.1:" + server.getAddress().getPort() + "/etranslation/si-translate-api");
  }

  void behave(Behaviour behaviour) {
    this.behaviour = behaviour;
  }

  /** How many Digest challenges the server has issued. */
  int challengesIssued() {
    return issuedNonces.size();
  }

  /** The next authenticated translation request, as JSON. */
  JsonNode nextRequest() throws InterruptedException {
    JsonNode request = requests.poll(5, TimeUnit.SECONDS);
    if (request == null) {
      throw new AssertionError("eTranslation got no authenticated request");
    }
    return request;
  }

  /** The HTTP status the hub answered the next callback with. */
  int nextCallbackStatus() throws InterruptedException {
    Integer status = callbackStatuses.poll(5, TimeUnit.SECONDS);
    if (status == null) {
      throw new AssertionError("eTranslation made no callback");
    }
    return status;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (!authenticated(exchange)) {
        challenge(exchange);
        return;
      }
      JsonNode request = JSON.readTree(body);
      requests.add(request);
      String requestId = String.valueOf(requestIds.incrementAndGet());
      switch (behaviour) {
        case REFUSE -> answer(exchange, 200, REFUSAL);
        case BREAK -> answer(exchange, 500, "Internal Server Error");
        case SLOW -> {
          closing.await();
          answer(exchange, 503, "");
        }
        case SILENT -> answer(exchange, 200, requestId);
        case TRANSLATE -> {
          answer(exchange, 200, requestId);
          threads.submit(() -> callBack(request, requestId, true));
        }
        case FAIL -> {
          answer(exchange, 200, requestId);
          threads.submit(() -> callBack(request, requestId, false));
        }
      }
    } catch (InterruptedException closed) {
      Thread.currentThread().interrupt();
    }
  }

  private void callBack(JsonNode request, String requestId, boolean translated) {
    String target = request.path("targetLanguages").path(0).asText();
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("request-id", requestId);
    if (translated) {
      fields.put("target-language", target);
      fields.put(
          "translated-text",
          "[" + target.toLowerCase(Locale.ROOT) + "] " + request.path("textToTranslate").asText());
    } else {
      fields.put("target-languages", target);
      fields.put("error-code", ERROR_CODE);
      fields.put("error-message", ERROR_MESSAGE);
    }
    fields.put("external-reference", request.path("externalReference").asText());
    String url = request.path(translated ? "requesterCallback" : "errorCallback").asText();
    try {
      callbackStatuses.add(postForm(callbackClient, URI.create(url), fields));
    } catch (IOException e) {
      callbackStatuses.add(-1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** POSTs {@code fields} as an HTML form in UTF-8, as eTranslation calls back; the status. */
  static int postForm(HttpClient client, URI url, Map<String, String> fields)
      throws IOException, InterruptedException {
    String form =
        fields.entrySet().stream()
            .map(
                field ->
                    URLEncoder.encode(field.getKey(), UTF_8)
                        + "="
                        + URLEncoder.encode(field.getValue(), UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest callback =
        HttpRequest.newBuilder(url)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form, UTF_8))
            .build();
    return client.send(callback, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** Checks the Digest answer with the server's own computation (RFC 7616, MD5, qop=auth). */
  private boolean authenticated(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header == null || !header.startsWith("Digest ")) {
      return false;
    }
    Map<String, String> answer = DigestAuthentication.parameters(header.substring(7));
    String nonce = answer.get("nonce");
    String nonceCount = answer.getOrDefault("nc", "");
    if (!application.equals(answer.get("username"))
        || !REALM.equals(answer.get("realm"))
        || nonce == null
        || !issuedNonces.contains(nonce)
        || !"auth".equals(answer.get("qop"))
        || !exchange.getRequestURI().getRawPath().equals(answer.get("uri"))
        || !nonceCount.matches("[0-9a-f]{8}")) {
      return false;
    }
    long count = Long.parseLong(nonceCount, 16);
    if (lastNonceCount.get(nonce).getAndAccumulate(count, Math::max) >= count) {
      return false; // a replayed nonce count
    }
    String ha1 = md5(application + ":" + REALM + ":" + password);
    String ha2 = md5(exchange.getRequestMethod() + ":" + answer.get("uri"));
    String expected =
        md5(ha1 + ":" + nonce + ":" + nonceCount + ":" + answer.get("cnonce") + ":auth:" + ha2);
    return expected.equals(answer.get("response"));
  }

  private void challenge(HttpExchange exchange) throws IOException {
    byte[] nonceBytes = new byte[16];
    random.nextBytes(nonceBytes);
    String nonce = HexFormat.of().formatHex(nonceBytes);
    issuedNonces.add(nonce);
    lastNonceCount.put(nonce, new AtomicLong());
    exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
    exchange
        .getResponseHeaders()
        .add(
            "WWW-Authenticate",
            "Digest realm=\""
                + REALM
                + "\", qop=\"auth\", nonce=\""
                + nonce
                + "\", opaque=\"fake-opaque\", algorithm=MD5");
    exchange.sendResponseHeaders(401, -1);
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static String md5(String value) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("MD5").digest(value.getBytes(UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}
