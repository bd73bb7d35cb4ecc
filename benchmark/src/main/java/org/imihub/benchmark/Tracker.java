package org.imihub.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every delivery the benchmark expects, by delivery id (message id ~ recipient), and what became of
 * it: when it was sent, when its receipt came, when and how often it arrived. Registered before the
 * send, so that even a delivery faster than the send's return is matched. Arrivals nobody expected
 * are counted too: they would be a hub bug.
 */
final class Tracker {
  private static final Logger log = LoggerFactory.getLogger(Tracker.class);

  private final Map<String, Expected> expected = new ConcurrentHashMap<>();
  // By stage, and how many of each stage are still awaited: the run asks for these every 50 ms
  // while it waits, and a scan of every delivery of the run took 13% of the benchmark's CPU.
  private final Map<String, Queue<Expected>> byStage = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> awaited = new ConcurrentHashMap<>();
  private final AtomicInteger unexpected = new AtomicInteger();
  private final AtomicLong lastArrivalNanos = new AtomicLong();
  private final AtomicInteger duplicatesLogged = new AtomicInteger();

  /** One delivery the benchmark waits for. */
  static final class Expected {
    final String stage;
    final long sentNanos;
    volatile long receiptNanos;
    volatile long firstArrivalNanos;
    volatile boolean failed;
    final AtomicInteger arrivals = new AtomicInteger();

    /** Arrived or failed: no longer awaited. */
    final AtomicBoolean settled = new AtomicBoolean();

    Expected(String stage, long sentNanos) {
      this.stage = stage;
      this.sentNanos = sentNanos;
    }
  }

  static String deliveryId(String messageId, String recipient) {
    return messageId + "~" + recipient;
  }

  /** Registers the deliveries of one message, sent (or due to be sent) at {@code sentNanos}. */
  void expect(String stage, String messageId, List<String> recipients, long sentNanos) {
    Queue<Expected> ofStage = byStage.computeIfAbsent(stage, s -> new ConcurrentLinkedQueue<>());
    AtomicLong awaitedOfStage = awaited.computeIfAbsent(stage, s -> new AtomicLong());
    for (String recipient : recipients) {
      Expected delivery = new Expected(stage, sentNanos);
      expected.put(deliveryId(messageId, recipient), delivery);
      ofStage.add(delivery);
      awaitedOfStage.incrementAndGet();
    }
  }

  void receipted(String messageId, List<String> recipients, long nanos) {
    for (String recipient : recipients) {
      expected.get(deliveryId(messageId, recipient)).receiptNanos = nanos;
    }
  }

  /** The send failed: its deliveries are not waited for (the stage counts it as an error). */
  void failed(String messageId, List<String> recipients) {
    for (String recipient : recipients) {
      Expected delivery = expected.get(deliveryId(messageId, recipient));
      delivery.failed = true;
      settle(delivery);
    }
  }

  /** A recipient verified a delivery. */
  void arrived(String deliveryId, long nanos) {
    lastArrivalNanos.accumulateAndGet(nanos, Math::max);
    Expected delivery = expected.get(deliveryId);
    if (delivery == null) {
      unexpected.incrementAndGet();
      return;
    }
    int before = delivery.arrivals.getAndIncrement();
    if (before == 0) {
      delivery.firstArrivalNanos = nanos;
      settle(delivery);
    } else if (duplicatesLogged.getAndIncrement() < 10) {
      log.warn(
          "Delivery {} arrived again, {} ms after its first arrival",
          deliveryId,
          (nanos - delivery.firstArrivalNanos) / 1_000_000);
    }
  }

  int unexpected() {
    return unexpected.get();
  }

  long lastArrivalNanos() {
    return lastArrivalNanos.get();
  }

  private void settle(Expected delivery) {
    if (delivery.settled.compareAndSet(false, true)) {
      awaited.get(delivery.stage).decrementAndGet();
    }
  }

  /** The deliveries of a stage, as they stand. */
  List<Expected> of(String stage) {
    return new ArrayList<>(byStage.getOrDefault(stage, new ConcurrentLinkedQueue<>()));
  }

  /** How many of a stage's deliveries (of messages that were sent) have not arrived yet. */
  long missing(String stage) {
    AtomicLong awaitedOfStage = awaited.get(stage);
    return awaitedOfStage == null ? 0 : awaitedOfStage.get();
  }
}
