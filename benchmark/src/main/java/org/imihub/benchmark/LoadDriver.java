package org.imihub.benchmark;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.imihub.client.HubClient;
import org.imihub.client.SoapHubClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The back offices' sending side: sends prepared messages over REST or SOAP and checks each signed
 * receipt. Either at a fixed offered rate (open loop: a message is due at its time whether or not
 * the previous ones have been answered, and its latency counts from when it was due, so a hub that
 * falls behind cannot hide it) or as fast as {@code concurrency} clients go (saturation).
 */
final class LoadDriver implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LoadDriver.class);

  private final Tracker tracker;
  private final BenchmarkPki pki;
  private final URI hub;
  private final Map<String, HubClient> restClients = new ConcurrentHashMap<>();
  // CXF's SOAP clients are costly to make and not for two threads at once: a pool per sender.
  private final Map<String, BlockingQueue<SoapHubClient>> soapClients = new ConcurrentHashMap<>();

  /** What a stage's sending came to. */
  record Sent(long firstNanos, long lastNanos, int messages, int errors) {}

  LoadDriver(Tracker tracker, BenchmarkPki pki, URI hub) {
    this.tracker = tracker;
    this.pki = pki;
    this.hub = hub;
  }

  /** Sends at {@code ratePerSecond}, or as fast as the clients go when it is 0. */
  Sent send(List<Outgoing> messages, double ratePerSecond, int concurrency) {
    ExecutorService clients = Executors.newFixedThreadPool(concurrency);
    AtomicInteger errors = new AtomicInteger();
    long start = System.nanoTime();
    try {
      for (int i = 0; i < messages.size(); i++) {
        Outgoing message = messages.get(i);
        long due = ratePerSecond > 0 ? start + (long) (i * 1e9 / ratePerSecond) : 0;
        if (due > 0) {
          waitUntil(due);
        }
        clients.execute(() -> sendOne(message, due, errors));
      }
    } finally {
      clients.shutdown();
      awaitTermination(clients);
    }
    return new Sent(start, System.nanoTime(), messages.size(), errors.get());
  }

  private void sendOne(Outgoing message, long due, AtomicInteger errors) {
    long sent = due > 0 ? due : System.nanoTime();
    tracker.expect(message.stage(), message.messageId(), message.recipients(), sent);
    try {
      if (message.soap()) {
        SoapHubClient client = borrowSoapClient(message.sender());
        try {
          client.submit(message.bytes());
        } finally {
          soapClients.get(message.sender()).add(client);
        }
      } else {
        restClient(message.sender()).submit(message.bytes());
      }
      tracker.receipted(message.messageId(), message.recipients(), System.nanoTime());
    } catch (RuntimeException e) {
      tracker.failed(message.messageId(), message.recipients());
      if (errors.getAndIncrement() < 5) {
        log.warn(
            "Sending {} over {} failed: {}",
            message.messageId(),
            message.soap() ? "SOAP" : "REST",
            e.toString());
      }
    }
  }

  HubClient restClient(String authorityId) {
    return restClients.computeIfAbsent(
        authorityId,
        id -> new HubClient(hub, id, pki.demo(id), pki.trustedCas(), pki.hubCertificate()));
  }

  private SoapHubClient borrowSoapClient(String authorityId) {
    SoapHubClient client =
        soapClients.computeIfAbsent(authorityId, id -> new LinkedBlockingQueue<>()).poll();
    return client != null
        ? client
        : new SoapHubClient(
            hub.resolve("/soap/v1"), pki.demo(authorityId), pki.trustedCas(), pki.hubCertificate());
  }

  private static void waitUntil(long nanos) {
    long wait;
    while ((wait = nanos - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
    }
  }

  private static void awaitTermination(ExecutorService executor) {
    try {
      if (!executor.awaitTermination(30, TimeUnit.MINUTES)) {
        throw new IllegalStateException("the clients did not finish sending in 30 minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    soapClients.values().forEach(pool -> pool.forEach(SoapHubClient::close));
  }
}
