package org.imihub.connectors.translation;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.imihub.routes.DaemonThreads;
import org.imihub.routes.translation.MachineTranslationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.context.SmartLifecycle;

/**
 * Receives eTranslation's answers. eTranslation translates later and POSTs the result (form fields
 * {@code request-id}, {@code target-language}, {@code translated-text}, {@code external-reference})
 * to the requester callback, or the failure ({@code request-id}, {@code target-languages}, {@code
 * error-code}, {@code error-message}, {@code external-reference}) to the error callback. It cannot
 * present a client certificate, so it cannot reach the hub's API port: this is a small HTTP server
 * of its own ({@code hub.translation.etranslation.callback-address} and {@code callback-port}),
 * started and stopped with the Spring context, usually behind the reverse proxy that gives it its
 * public HTTPS address.
 *
 * <p>Anyone can reach that server, so each translation waits under a secret of 256 random bits,
 * which is the last-but-one segment of both callback addresses ({@code .../{secret}/translated} and
 * {@code .../{secret}/failed}) and also its external reference. A callback without the secret of a
 * pending translation is answered 404 and logged, without its content, and changes nothing.
 *
 * <p>Pending translations are held in memory, at most {@code maxPending} of them, each at most
 * {@code maxWait}; then it fails. They are lost when the hub stops (their futures fail): asking
 * again for what did not come is the caller's business (the hub's pipeline), not this class's.
 */
public class ETranslationCallbacks implements SmartLifecycle {
  static final String TRANSLATED = "translated";
  static final String FAILED = "failed";

  private static final Logger log = LoggerFactory.getLogger(ETranslationCallbacks.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int SECRET_BYTES = 32;

  /** eTranslation's text snippets are a few thousand characters; this leaves room for any. */
  private static final int MAX_CALLBACK_BYTES = 1024 * 1024;

  private final String address;
  private final int port;
  private final Duration maxWait;
  private final int maxPending;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private volatile HttpServer server;
  private volatile ExecutorService handlers;
  private volatile ScheduledExecutorService expiries;

  /**
   * @param address the address to listen on ({@code 0.0.0.0}: all)
   * @param port the port to listen on; 0 takes a free one (see {@link #port()})
   * @param maxWait how long a translation may wait for its callback
   * @param maxPending how many translations may wait at once; more fail at once
   */
  public ETranslationCallbacks(String address, int port, Duration maxWait, int maxPending) {
    this.address = address;
    this.port = port;
    this.maxWait = maxWait;
    this.maxPending = maxPending;
  }

  /** The address of a callback for the translation waiting under {@code secret}. */
  static URI callbackUrl(URI callbackBase, String secret, String outcome) {
    return Addresses.below(callbackBase, secret, outcome);
  }

  /**
   * Registers a translation that will wait for its callback under a new secret. The future fails at
   * once when the server is not running or too many translations wait already.
   *
   * @param text the text being translated, kept only to keep it out of error messages
   */
  Pending await(String text) {
    String secret = newSecret();
    Pending waiting = new Pending(secret, text);
    if (!isRunning()) {
      waiting.translation.completeExceptionally(
          new MachineTranslationException("the eTranslation callback server is not running"));
      return waiting;
    }
    if (pending.size() >= maxPending) {
      waiting.translation.completeExceptionally(
          new MachineTranslationException(
              maxPending
                  + " translations are already waiting for eTranslation; no more are asked"));
      return waiting;
    }
    pending.put(secret, waiting);
    ScheduledFuture<?> expiry;
    try {
      expiry = expiries.schedule(waiting::expire, maxWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException stopping) {
      pending.remove(secret);
      waiting.fail(new MachineTranslationException("the eTranslation callback server is stopping"));
      return waiting;
    }
    waiting.translation.whenComplete(
        (translated, failure) -> {
          pending.remove(secret);
          expiry.cancel(false);
        });
    return waiting;
  }

  /** How many translations wait for their callback. */
  public int pendingCount() {
    return pending.size();
  }

  /** The port the server listens on (the one taken when configured as 0); -1 when stopped. */
  public int port() {
    HttpServer listening = server;
    return listening == null ? -1 : listening.getAddress().getPort();
  }

  @Override
  public synchronized void start() {
    if (isRunning()) {
      return;
    }
    HttpServer created;
    try {
      created = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), port), 0);
    } catch (BindException inUse) {
      throw new PortInUseException(port, inUse);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen for eTranslation callbacks on " + address + ":" + port, e);
    }
    handlers = Executors.newFixedThreadPool(2, DaemonThreads.named("etranslation-callback"));
    ScheduledThreadPoolExecutor scheduler =
        new ScheduledThreadPoolExecutor(1, DaemonThreads.named("etranslation-expiry"));
    scheduler.setRemoveOnCancelPolicy(true);
    expiries = scheduler;
    created.setExecutor(handlers);
    created.createContext("/", this::handle);
    created.start();
    server = created;
    log.info(
        "Listening for eTranslation callbacks on {}:{}", address, created.getAddress().getPort());
  }

  @Override
  public synchronized void stop() {
    HttpServer listening = server;
    if (listening == null) {
      return;
    }
    server = null;
    listening.stop(0);
    for (Pending waiting : List.copyOf(pending.values())) {
      waiting.translation.completeExceptionally(
          new MachineTranslationException(
              "the hub stopped before eTranslation answered (" + waiting.describe() + ")"));
    }
    handlers.shutdownNow();
    expiries.shutdownNow();
  }

  @Override
  public boolean isRunning() {
    return server != null;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String[] segments = exchange.getRequestURI().getRawPath().split("/");
      String secret = segments.length >= 2 ? segments[segments.length - 2] : "";
      String outcome = segments.length >= 2 ? segments[segments.length - 1] : "";
      Pending waiting = pending.get(secret);
      if (waiting == null || !(outcome.equals(TRANSLATED) || outcome.equals(FAILED))) {
        refuse(exchange);
        return;
      }
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "POST");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = readAtMost(exchange.getRequestBody(), MAX_CALLBACK_BYTES);
      if (body == null) {
        exchange.sendResponseHeaders(413, -1);
        return;
      }
      Map<String, String> fields;
      try {
        fields = formFields(exchange.getRequestURI().getRawQuery(), new String(body, UTF_8));
      } catch (IllegalArgumentException malformed) {
        exchange.sendResponseHeaders(400, -1);
        return;
      }
      String reference = fields.get("external-reference");
      if (reference != null
          && !MessageDigest.isEqual(reference.getBytes(UTF_8), secret.getBytes(UTF_8))) {
        refuse(exchange);
        return;
      }
      waiting.noteRequestId(fields.get("request-id"));
      boolean understood =
          outcome.equals(TRANSLATED) ? waiting.translated(fields) : waiting.failed(fields);
      exchange.sendResponseHeaders(understood ? 200 : 400, -1);
    } finally {
      exchange.close();
    }
  }

  private static void refuse(HttpExchange exchange) throws IOException {
    log.warn(
        "Refused a callback to the eTranslation callback server from {}: it carries no secret of a"
            + " pending translation",
        exchange.getRemoteAddress().getAddress().getHostAddress());
    exchange.sendResponseHeaders(404, -1);
  }

  /** The body, or null when it is longer than {@code limit}. */
  private static byte[] readAtMost(InputStream in, int limit) throws IOException {
    byte[] body = in.readNBytes(limit + 1);
    return body.length > limit ? null : body;
  }

  /** Form fields from the query and the form body (UTF-8), the body's winning. */
  static Map<String, String> formFields(String rawQuery, String formBody) {
    Map<String, String> fields = new HashMap<>();
    for (String encoded : new String[] {rawQuery, formBody}) {
      if (encoded == null || encoded.isEmpty()) {
        continue;
      }
      for (String pair : encoded.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int equals = pair.indexOf('=');
        String name = equals < 0 ? pair : pair.substring(0, equals);
        String value = equals < 0 ? "" : pair.substring(equals + 1);
        fields.put(URLDecoder.decode(name, UTF_8), URLDecoder.decode(value, UTF_8));
      }
    }
    return fields;
  }

  private static String newSecret() {
    byte[] secret = new byte[SECRET_BYTES];
    RANDOM.nextBytes(secret);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  /** One translation waiting for its callback. */
  final class Pending {
    private final String secret;
    private final String text;
    private final CompletableFuture<String> translation = new CompletableFuture<>();
    private volatile String requestId;

    private Pending(String secret, String text) {
      this.secret = secret;
      this.text = text;
    }

    String secret() {
      return secret;
    }

    /** Completes with the translated text, or fails with a {@link MachineTranslationException}. */
    CompletableFuture<String> translation() {
      return translation;
    }

    /** eTranslation's number for the request, for messages and logs. */
    void noteRequestId(String id) {
      if (id != null && !id.isBlank() && requestId == null) {
        requestId = id.strip();
      }
    }

    void fail(MachineTranslationException failure) {
      translation.completeExceptionally(failure);
    }

    String describe() {
      return requestId == null ? "request not yet numbered" : "request " + requestId;
    }

    private boolean translated(Map<String, String> fields) {
      String translated = fields.get("translated-text");
      if (translated == null) {
        fail(
            new MachineTranslationException(
                "eTranslation's callback for " + describe() + " came without translated-text"));
        return false;
      }
      translation.complete(translated);
      return true;
    }

    private boolean failed(Map<String, String> fields) {
      String code =
          fields.get("error-code") == null
              ? "without a code"
              : ServiceSentence.of(fields.get("error-code"), text);
      String reason = ServiceSentence.of(fields.get("error-message"), text);
      log.warn("eTranslation could not translate {}: error {}, {}", describe(), code, reason);
      fail(
          new MachineTranslationException(
              "eTranslation could not translate "
                  + describe()
                  + ": error "
                  + code
                  + ", "
                  + reason));
      return true;
    }

    private void expire() {
      if (!translation.isDone()) {
        log.warn("No answer from eTranslation within {} for {}", maxWait, describe());
        fail(
            new MachineTranslationException(
                "no answer from eTranslation within " + maxWait + " (" + describe() + ")"));
      }
    }
  }
}
