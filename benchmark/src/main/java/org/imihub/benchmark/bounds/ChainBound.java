package org.imihub.benchmark.bounds;

import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.imihub.contract.envelope.v1.HeaderType;
import org.imihub.contract.signature.VerifiedSignature;
import org.imihub.contract.signature.XmlSignatureVerifier;
import org.imihub.contract.signature.XmlSigner;
import org.imihub.contract.xml.SecureXml;
import org.imihub.routes.delivery.OutboundDelivery;
import org.imihub.routes.exchange.ExchangeBook;
import org.imihub.routes.ingest.InboundChecks;
import org.imihub.routes.ingest.ReceiptIssuer;
import org.imihub.routes.procedure.ProcedureCatalogue;
import org.imihub.routes.translation.Reader;
import org.imihub.routes.translation.Readings;
import org.w3c.dom.Document;

/**
 * The in-process chain bound: how many messages per second this machine's cores can push through
 * the hub's per-message CPU work alone, with the hub's own classes and nothing else (no HTTP, no
 * TLS, no database, no broker, no Camel).
 *
 * <p>One message counted here is what the hub computes for a message sent to one recipient:
 *
 * <ol>
 *   <li>the ingest checks, with {@link InboundChecks#checkEnvelope}: secure parse, document
 *       element, schema validation, JAXB read, message type handled, attachment digests, signature
 *       verified (XML-DSig, the sender's key) and the signing certificate's validity;
 *   <li>the signed receipt, made by the hub's {@link ReceiptIssuer} (a hub {@code Receipt}
 *       marshalled with JAXB and signed with the hub's key);
 *   <li>the outbound copy, built by the hub's {@link OutboundDelivery} (parsed again, wrapped in a
 *       {@code hub:Delivery}, signed with the hub's key) for the envelope's first recipient.
 * </ol>
 *
 * <p>The directory, ledger and lifecycle look-ups are left out: they are database round trips, not
 * CPU work of the hub's own. So this is the CPU-only upper bound: the hub's measured throughput on
 * the same machine cannot exceed it, and the ratio between the two says how much the rest
 * (transport, persistence, queueing) costs.
 */
public final class ChainBound {
  /** What one measurement found. */
  public record Result(double perSecond, int threads, long messages) {}

  /** Used when an envelope names no recipient (an alert): the copy's cost does not depend on it. */
  private static final String PLACEHOLDER_RECIPIENT = "XX-BOUND";

  /** The benchmark's authorities read English, as its directory says. */
  private static final String RECIPIENT_LANGUAGE = "en";

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private ChainBound() {}

  /**
   * Runs {@code threads} threads, each cycling over {@code signedEnvelopes} (starting at a
   * different one), for {@code warmUp} (not counted: JIT, thread-local parsers and validators) and
   * then {@code duration} (counted).
   *
   * @param signedEnvelopes valid envelopes signed by a sender, as a client would send them
   * @param hubSigner the hub's signing identity, for the receipt and the outbound copy
   * @param procedures the hub's procedures, for the copy's reading in the recipient's language
   * @param threads how many threads work at once; pass {@code availableProcessors()} for the bound
   * @throws IllegalStateException if any step fails for any envelope (they are meant to be valid)
   */
  public static Result measure(
      List<byte[]> signedEnvelopes,
      XmlSigner hubSigner,
      ProcedureCatalogue procedures,
      int threads,
      Duration warmUp,
      Duration duration) {
    if (signedEnvelopes.isEmpty() || threads < 1 || duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException(
          "Need at least one envelope, one thread and a positive duration.");
    }
    List<byte[]> envelopes = List.copyOf(signedEnvelopes);
    ReceiptIssuer receipts = new ReceiptIssuer(hubSigner);
    OutboundDelivery outbound =
        new OutboundDelivery(hubSigner, Readings.codesOnly(procedures), Clock.systemUTC());
    LongAdder processed = new LongAdder();
    AtomicBoolean running = new AtomicBoolean(true);

    ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads("chain-bound-"));
    CompletionService<Void> completion = new ExecutorCompletionService<>(pool);
    List<Future<Void>> workers = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        int first = t;
        workers.add(
            completion.submit(
                () -> {
                  for (int next = first; running.get(); next++) {
                    processOne(envelopes.get(next % envelopes.size()), receipts, outbound);
                    processed.increment();
                  }
                  return null;
                }));
      }
      waitUnlessAWorkerEnds(completion, warmUp);
      long countedBefore = processed.sum();
      long start = System.nanoTime();
      waitUnlessAWorkerEnds(completion, duration);
      long messages = processed.sum() - countedBefore;
      double seconds = (System.nanoTime() - start) / 1e9;
      running.set(false);
      // A failure while winding down still means an envelope the hub would have refused.
      for (Future<Void> worker : workers) {
        rethrowFailure(worker);
      }
      return new Result(messages / seconds, threads, messages);
    } finally {
      running.set(false);
      pool.shutdownNow();
    }
  }

  /** The hub's CPU work for one message to one recipient; throws if any step refuses it. */
  static void processOne(byte[] bytes, ReceiptIssuer receipts, OutboundDelivery outbound) {
    // Ingest: InboundChecks.parse, validateSchema, verifySignature, checkSender (the CPU part).
    Document document = SecureXml.parse(bytes);
    HeaderType header = InboundChecks.checkEnvelope(document).getHeader();
    VerifiedSignature signature = XmlSignatureVerifier.verify(document);
    try {
      signature.signer().checkValidity();
    } catch (CertificateException e) {
      throw new IllegalArgumentException("Signing certificate not valid now", e);
    }

    // The hub signs the receipt once the message is recorded (HandOff).
    receipts.issue(header, signature, Instant.now());

    // The exchange route orders one delivery per recipient; the delivery route builds its copy.
    String recipient =
        header.getRecipient().isEmpty() ? PLACEHOLDER_RECIPIENT : header.getRecipient().get(0);
    outbound.build(
        ExchangeBook.deliveryId(header.getMessageId(), recipient),
        new Reader(recipient, RECIPIENT_LANGUAGE, true),
        bytes);
  }

  /**
   * Waits for {@code period}, returning early only by throwing: a worker ends before it is told to
   * only when a step failed.
   */
  private static void waitUnlessAWorkerEnds(CompletionService<Void> completion, Duration period) {
    try {
      Future<Void> ended = completion.poll(period.toNanos(), TimeUnit.NANOSECONDS);
      if (ended != null) {
        rethrowFailure(ended);
        throw new IllegalStateException("A worker stopped before it was told to.");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while measuring", e);
    }
  }

  private static void rethrowFailure(Future<Void> worker) {
    try {
      worker.get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("A chain step failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("A worker did not stop within " + STOP_TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while stopping", e);
    }
  }

  /** Daemon threads, so a stuck worker can never keep the benchmark's JVM alive. */
  private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
