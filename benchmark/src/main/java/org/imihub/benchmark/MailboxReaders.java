package org.imihub.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.imihub.client.HubClient;
import org.imihub.client.VerifiedDelivery;
import org.imihub.contract.hub.v1.AcknowledgementOutcomes;
import org.imihub.contract.hub.v1.Mailbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The back offices that pull their deliveries: one reader per authority lists its mailbox with the
 * documents, checks each delivery (hub's and sender's signatures, several at a time), and
 * acknowledges them all in one call, each with its own signed acknowledgement; then lists again.
 * Two calls for many deliveries: fetching and acknowledging each apart made three calls per
 * delivery, which cost the hub more than the message's own submission. An empty mailbox is listed
 * with a wait (long polling), so the hub answers as soon as a delivery is there. (Asking again
 * every 20 ms instead cost the hub more than the messages themselves at 50/s.)
 */
final class MailboxReaders implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MailboxReaders.class);
  private static final Duration LONG_POLL = Duration.ofSeconds(20);
  private static final long FAILURE_PAUSE_MS = 1000;

  private final Tracker tracker;
  private final ExecutorService checkers;
  private final List<Thread> readers = new ArrayList<>();
  private final AtomicInteger failures = new AtomicInteger();
  private volatile boolean running = true;

  MailboxReaders(Tracker tracker, int checkThreads) {
    this.tracker = tracker;
    this.checkers = Executors.newFixedThreadPool(checkThreads);
  }

  void start(HubClient client) {
    Thread reader = new Thread(() -> read(client), "mailbox-" + client.authorityId());
    reader.setDaemon(true);
    readers.add(reader);
    reader.start();
  }

  /**
   * Listings, checks or acknowledgements that failed (a delivery not acknowledged is listed again).
   */
  int failures() {
    return failures.get();
  }

  private void read(HubClient client) {
    while (running) {
      try {
        List<Mailbox.Entry> entries = client.mailboxWithDocuments(LONG_POLL);
        if (entries.isEmpty()) {
          continue;
        }
        List<CompletableFuture<VerifiedDelivery>> checks =
            entries.stream()
                .map(entry -> CompletableFuture.supplyAsync(() -> check(client, entry), checkers))
                .toList();
        List<VerifiedDelivery> taken =
            checks.stream().map(CompletableFuture::join).filter(Objects::nonNull).toList();
        for (AcknowledgementOutcomes.Outcome outcome : client.acknowledge(taken)) {
          if (!"ACKNOWLEDGED".equals(outcome.getCode())) {
            failed("Delivery " + outcome.getDeliveryId() + ": " + outcome.getCode());
          }
        }
      } catch (RuntimeException e) {
        if (!running) {
          return; // closed while waiting on the hub
        }
        failed("Mailbox of " + client.authorityId() + ": " + e.getMessage());
        pauseAfterFailure();
      }
    }
  }

  /** The delivery, checked and counted as arrived; null (and a failure) if it did not check. */
  private VerifiedDelivery check(HubClient client, Mailbox.Entry entry) {
    try {
      VerifiedDelivery delivery = client.verify(entry);
      tracker.arrived(delivery.deliveryId(), System.nanoTime());
      return delivery;
    } catch (RuntimeException e) {
      failed("Delivery " + entry.getDeliveryId() + ": " + e.getMessage());
      return null;
    }
  }

  private void failed(String what) {
    if (failures.getAndIncrement() < 5) {
      log.warn(what);
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
    checkers.shutdownNow();
  }
}
