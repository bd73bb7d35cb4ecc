package org.imihub.connectors.mailbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.imihub.contract.hub.v1.Mailbox;
import org.imihub.routes.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Back offices waiting on an empty mailbox ({@code GET /api/v1/mailbox?wait=20}: long polling), so
 * that a pulling back office gets its delivery as soon as it is there without asking again and
 * again. The benchmark's back offices asked every 20 ms, which cost the hub more than the messages
 * themselves at low load. No request thread is held while a call waits.
 *
 * <p>A delivery put into a mailbox on this node answers its recipient's waiting calls at once; one
 * put by another hub node is found by a look at every waited-on mailbox each {@link #RECHECK}; a
 * call nothing arrived for is answered with the empty list when its wait is over. When the hub
 * stops, every waiting call is answered first, so that the graceful shutdown need not wait.
 */
@Component
public class MailboxWaiters implements SmartLifecycle {
  /** How often every waited-on mailbox is looked at, for deliveries another node put there. */
  static final Duration RECHECK = Duration.ofSeconds(1);

  /** The longest a call may wait. */
  public static final Duration MAX_WAIT = Duration.ofSeconds(60);

  private static final Logger log = LoggerFactory.getLogger(MailboxWaiters.class);

  /** One waiting call: whose mailbox, how to look at it, and how to answer it. */
  private record Waiting(
      String recipient,
      Supplier<List<Mailbox.Entry>> look,
      DeferredResult<ResponseEntity<byte[]>> result,
      Function<List<Mailbox.Entry>, ResponseEntity<byte[]>> answer) {}

  private final Map<String, Set<Waiting>> byRecipient = new ConcurrentHashMap<>();
  private final ScheduledExecutorService looks =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("mailbox-waiters"));
  private volatile boolean running;

  public MailboxWaiters(ObjectProvider<MeterRegistry> meters) {
    meters.ifAvailable(
        registry ->
            Gauge.builder("hub.mailbox.waiting", this, MailboxWaiters::waitingCalls)
                .description("Calls waiting on an empty mailbox (long polling)")
                .register(registry));
  }

  /** How many calls wait on an empty mailbox now. */
  public int waitingCalls() {
    return byRecipient.values().stream().mapToInt(Set::size).sum();
  }

  /**
   * A call that waits until the recipient's mailbox holds something, at most {@code wait}; {@code
   * look} lists the mailbox as the call asked, {@code answer} turns the entries into the response.
   */
  public DeferredResult<ResponseEntity<byte[]>> await(
      String recipient,
      Supplier<List<Mailbox.Entry>> look,
      Duration wait,
      Function<List<Mailbox.Entry>, ResponseEntity<byte[]>> answer) {
    DeferredResult<ResponseEntity<byte[]>> result = new DeferredResult<>(wait.toMillis());
    Waiting waiting = new Waiting(recipient, look, result, answer);
    if (!running) {
      answerNow(waiting);
      return result;
    }
    result.onTimeout(() -> answerNowQuietly(waiting));
    result.onCompletion(() -> forget(waiting));
    result.onError(failure -> forget(waiting));
    // Added inside compute, so that a set that forget() is dropping never takes it.
    byRecipient.compute(
        recipient,
        (id, calls) -> {
          Set<Waiting> waitingCalls = calls == null ? ConcurrentHashMap.newKeySet() : calls;
          waitingCalls.add(waiting);
          return waitingCalls;
        });
    // A delivery may have arrived between the caller's first look and this registration.
    try {
      looks.execute(() -> answerIfAny(waiting));
    } catch (RejectedExecutionException stopping) {
      answerNowQuietly(waiting);
    }
    return result;
  }

  /** A delivery was put into {@code recipient}'s mailbox on this node. */
  public void delivered(String recipient) {
    Set<Waiting> waiting = byRecipient.get(recipient);
    if (waiting != null && running) {
      try {
        waiting.forEach(call -> looks.execute(() -> answerIfAny(call)));
      } catch (RejectedExecutionException stopping) {
        // stop() answers every waiting call
      }
    }
  }

  private void answerIfAny(Waiting waiting) {
    if (waiting.result().isSetOrExpired()) {
      return;
    }
    try {
      List<Mailbox.Entry> entries = waiting.look().get();
      if (!entries.isEmpty()) {
        waiting.result().setResult(waiting.answer().apply(entries));
      }
    } catch (RuntimeException failure) {
      log.warn("Mailbox of {}: waiting call not answered yet", waiting.recipient(), failure);
    }
  }

  private void answerNow(Waiting waiting) {
    waiting.result().setResult(waiting.answer().apply(waiting.look().get()));
  }

  private void forget(Waiting waiting) {
    byRecipient.computeIfPresent(
        waiting.recipient(),
        (id, calls) -> {
          calls.remove(waiting);
          return calls.isEmpty() ? null : calls;
        });
  }

  private void recheckAll() {
    byRecipient.values().forEach(calls -> calls.forEach(this::answerIfAny));
  }

  @Override
  public void start() {
    looks.scheduleWithFixedDelay(
        this::recheckAll, RECHECK.toMillis(), RECHECK.toMillis(), TimeUnit.MILLISECONDS);
    running = true;
  }

  /** Before the web server's graceful shutdown (a later phase stops first): answer every call. */
  @Override
  public void stop() {
    running = false;
    looks.shutdownNow();
    byRecipient.values().forEach(calls -> calls.forEach(this::answerNowQuietly));
  }

  private void answerNowQuietly(Waiting waiting) {
    try {
      answerNow(waiting);
    } catch (RuntimeException failure) {
      waiting.result().setErrorResult(failure);
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
