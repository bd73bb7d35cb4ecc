package org.imihub.benchmark;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLParameters;
import org.imihub.client.Acknowledgements;
import org.imihub.client.VerifiedDelivery;
import org.imihub.contract.signature.SigningIdentity;
import org.imihub.contract.signature.XmlSigner;

/**
 * The back offices that take webhook deliveries, all behind one HTTPS server that requires the
 * hub's client certificate: each authority at {@code /imi/<authority id>}. Each delivery's two
 * signatures (hub and sender) are checked before it counts as arrived, and it is answered with the
 * authority's signed acknowledgement, as a real back office would. A back office can be made slow
 * or down (503) for the scenarios that need one.
 */
final class WebhookReceivers implements AutoCloseable {
  private final HttpsServer server;
  private final ExecutorService workers;
  private final Tracker tracker;
  private final X509Certificate hubCertificate;
  private final Map<String, XmlSigner> signers = new ConcurrentHashMap<>();
  private final Map<String, Duration> slow = new ConcurrentHashMap<>();
  private final Map<String, Boolean> down = new ConcurrentHashMap<>();
  private final AtomicInteger refusedByBenchmark = new AtomicInteger();

  static {
    // The JDK's server leaves Nagle's algorithm on unless told otherwise, read once when its first
    // server starts: each answer's last small segment then waited for the hub's delayed TCP ack,
    // about 40 ms per call, which bounded every webhook delivery of the benchmark (a fan-out at
    // 16 consumers / 48 ms = ~330 deliveries/s). Real back-office servers send at once.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  WebhookReceivers(BenchmarkPki pki, Tracker tracker, int threads) throws IOException {
    this.tracker = tracker;
    this.hubCertificate = pki.hubCertificate();
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
    server.setHttpsConfigurator(
        new HttpsConfigurator(pki.demo("webhook-localhost").tlsContext(pki.trustedCas())) {
          @Override
          public void configure(HttpsParameters parameters) {
            // Through SSLParameters: HttpsParameters.setNeedClientAuth alone was not applied, and
            // the hub was never asked for its certificate.
            SSLParameters tls = getSSLContext().getDefaultSSLParameters();
            tls.setNeedClientAuth(true);
            parameters.setSSLParameters(tls);
          }
        });
    workers = Executors.newFixedThreadPool(threads);
    server.setExecutor(workers);
    server.createContext("/imi/", this::handle);
    server.start();
  }

  /** Takes deliveries for {@code authorityId}, acknowledging with its key; returns its endpoint. */
  URI add(String authorityId, SigningIdentity identity) {
    signers.put(authorityId, new XmlSigner(identity));
    return URI.create("https://localhost:" + server.getAddress().getPort() + "/imi/" + authorityId);
  }

  void slow(String authorityId, Duration delay) {
    if (delay == null) {
      slow.remove(authorityId);
    } else {
      slow.put(authorityId, delay);
    }
  }

  void down(String authorityId, boolean isDown) {
    down.put(authorityId, isDown);
  }

  /** Deliveries that failed the benchmark's own checks (bad signature, wrong recipient). */
  int refused() {
    return refusedByBenchmark.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String authorityId = exchange.getRequestURI().getPath().substring("/imi/".length());
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      XmlSigner signer = signers.get(authorityId);
      if (signer == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      if (down.getOrDefault(authorityId, false)) {
        exchange.sendResponseHeaders(503, -1);
        return;
      }
      if ("OPTIONS".equals(exchange.getRequestMethod())) {
        // The hub's health probe of a back office.
        exchange.sendResponseHeaders(204, -1);
        return;
      }
      Duration delay = slow.get(authorityId);
      if (delay != null) {
        sleep(delay);
      }
      VerifiedDelivery delivery;
      try {
        delivery = VerifiedDelivery.verify(body, hubCertificate);
        if (!authorityId.equals(delivery.recipient())) {
          throw new IllegalStateException("delivery for " + delivery.recipient());
        }
      } catch (RuntimeException e) {
        refusedByBenchmark.incrementAndGet();
        exchange.sendResponseHeaders(400, -1);
        return;
      }
      tracker.arrived(delivery.deliveryId(), System.nanoTime());
      byte[] acknowledgement =
          Acknowledgements.sign(signer, delivery.deliveryId(), delivery.messageId(), authorityId);
      exchange.getResponseHeaders().add("Content-Type", "application/xml");
      exchange.sendResponseHeaders(200, acknowledgement.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(acknowledgement);
      }
    }
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }
}
