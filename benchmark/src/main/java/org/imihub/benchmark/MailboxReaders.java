package org.imihub.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.imihub.client.HubClient;
import org.imihub.client.VerifiedDelivery;
import org.imihub.contract.hub.v1.Mailbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The back offices that pull their deliveries: one reader per authority lists its mailbox, fetches
 * and checks each delivery (hub's and sender's signatures), and acknowledges it with a signed
 * acknowledgement, several at a time; then lists again. An empty mailbox is listed with a wait
 * (long polling), so the hub answers as soon as a delivery is there. (Asking again every 20 ms
 * instead cost the hub more than the messages themselves at 50/s.)
 */
final class MailboxReaders implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MailboxReaders.class);
  private static final Duration LONG_POLL = Duration.ofSeconds(20);
  private static final long FAILURE_PAUSE_MS = 1000;

  private final Tracker tracker;
  private final ExecutorService fetchers;
  private final List<Thread> readers = new ArrayList<>();
  private final AtomicInteger failures = new AtomicInteger();
  private volatile boolean running = true;

  MailboxReaders(Tracker tracker, int fetchThreads) {
    this.tracker = tracker;
    this.fetchers = Executors.newFixedThreadPool(fetchThreads);
  }

  void start(HubClient client) {
    Thread reader = new Thread(() -> read(client), "mailbox-" + client.authorityId());
    reader.setDaemon(true);
    readers.add(reader);
    reader.start();
  }

  /** Listings, fetches or acknowledgements that failed (each is retried at the next listing). */
  int failures() {
    return failures.get();
  }

  private void read(HubClient client) {
    while (running) {
      try {
        List<Mailbox.Entry> entries = client.mailbox(LONG_POLL);
        if (entries.isEmpty()) {
          continue;
        }
        CompletableFuture.allOf(
                entries.stream()
                    .map(entry -> CompletableFuture.runAsync(() -> take(client, entry), fetchers))
                    .toArray(CompletableFuture[]::new))
            .join();
      } catch (RuntimeException e) {
        if (!running) {
          return; // closed while waiting on the hub
        }
        if (failures.getAndIncrement() < 5) {
          log.warn("Mailbox of {}: {}", client.authorityId(), e.getMessage());
        }
        pauseAfterFailure();
      }
    }
  }

  private void take(HubClient client, Mailbox.Entry entry) {
    try {
      VerifiedDelivery delivery = client.fetch(entry.getDeliveryId());
      tracker.arrived(delivery.deliveryId(), System.nanoTime());
      client.acknowledge(delivery);
    } catch (RuntimeException e) {
      if (failures.getAndIncrement() < 5) {
        log.warn("Delivery {}: {}", entry.getDeliveryId(), e.getMessage());
      }
    }
  }

  private static void pauseAfterFailure() {
    try {
      Thread.sleep(FAILURE_PAUSE_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    readers.forEach(Thread::interrupt);
    fetchers.shutdownNow();
  }
}
