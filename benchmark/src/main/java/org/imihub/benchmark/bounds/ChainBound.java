package org.imihub.benchmark.bounds;

import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
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
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.imihub.contract.Digests;
import org.imihub.contract.envelope.v1.AttachmentType;
import org.imihub.contract.envelope.v1.EnvelopeType;
import org.imihub.contract.envelope.v1.HeaderType;
import org.imihub.contract.hub.v1.DigestType;
import org.imihub.contract.hub.v1.Receipt;
import org.imihub.contract.signature.VerifiedSignature;
import org.imihub.contract.signature.XmlSignatureVerifier;
import org.imihub.contract.signature.XmlSigner;
import org.imihub.contract.xml.ContractJaxb;
import org.imihub.contract.xml.ContractSchemas;
import org.imihub.contract.xml.SecureXml;
import org.imihub.routes.delivery.OutboundDelivery;
import org.imihub.routes.exchange.AlertLifecycle;
import org.imihub.routes.exchange.ExchangeBook;
import org.imihub.routes.exchange.RequestLifecycle;
import org.imihub.routes.ingest.ReceiptIssuer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The in-process chain bound: how many messages per second this machine's cores can push through
 * the hub's per-message CPU work alone, with the hub's own classes and nothing else (no HTTP, no
 * TLS, no database, no broker, no Camel).
 *
 * <p>One message counted here is what the hub computes for a message sent to one recipient:
 *
 * <ol>
 *   <li>the ingest checks, as {@code InboundChecks} runs them: secure parse, document element,
 *       schema validation, JAXB read, message type handled, attachment digests, signature verified
 *       (XML-DSig, the sender's key) and the signing certificate's validity;
 *   <li>the signed receipt, as {@code ReceiptIssuer} makes it (a hub {@code Receipt} marshalled
 *       with JAXB and signed with the hub's key);
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

  /**
   * The message types the hub routes, as {@code InboundChecks.HANDLED_TYPES} (package-private
   * there) derives them: the request's and the alert's steps.
   */
  private static final Set<String> HANDLED_TYPES =
      Stream.concat(
              Arrays.stream(RequestLifecycle.Action.values()),
              Arrays.stream(AlertLifecycle.Action.values()))
          .map(Enum::name)
          .collect(Collectors.toUnmodifiableSet());

  private static final String ENVELOPE_NS = "urn:imi-hub:envelope:v1";

  /** Used when an envelope names no recipient (an alert): the copy's cost does not depend on it. */
  private static final String PLACEHOLDER_RECIPIENT = "XX-BOUND";

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private ChainBound() {}

  /**
   * Runs {@code threads} threads, each cycling over {@code signedEnvelopes} (starting at a
   * different one), for {@code warmUp} (not counted: JIT, thread-local parsers and validators) and
   * then {@code duration} (counted).
   *
   * @param signedEnvelopes valid envelopes signed by a sender, as a client would send them
   * @param hubSigner the hub's signing identity, for the receipt and the outbound copy
   * @param threads how many threads work at once; pass {@code availableProcessors()} for the bound
   * @throws IllegalStateException if any step fails for any envelope (they are meant to be valid)
   */
  public static Result measure(
      List<byte[]> signedEnvelopes,
      XmlSigner hubSigner,
      int threads,
      Duration warmUp,
      Duration duration) {
    if (signedEnvelopes.isEmpty() || threads < 1 || duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException(
          "Need at least one envelope, one thread and a positive duration.");
    }
    List<byte[]> envelopes = List.copyOf(signedEnvelopes);
    OutboundDelivery outbound = new OutboundDelivery(hubSigner, Clock.systemUTC());
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
                    processOne(envelopes.get(next % envelopes.size()), hubSigner, outbound);
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
  static void processOne(byte[] bytes, XmlSigner hubSigner, OutboundDelivery outbound) {
    // Ingest: InboundChecks.parse, validateSchema, verifySignature, checkSender (the CPU part).
    Document document = SecureXml.parse(bytes);
    Element root = document.getDocumentElement();
    if (!ENVELOPE_NS.equals(root.getNamespaceURI()) || !"Envelope".equals(root.getLocalName())) {
      throw new IllegalArgumentException("Not an envelope: " + root.getLocalName());
    }
    ContractSchemas.validate(document);
    EnvelopeType envelope = ContractJaxb.readEnvelope(document);
    HeaderType header = envelope.getHeader();
    if (!HANDLED_TYPES.contains(header.getMessageType())) {
      throw new IllegalArgumentException("Message type not handled: " + header.getMessageType());
    }
    checkAttachmentDigests(envelope);
    VerifiedSignature signature = XmlSignatureVerifier.verify(document);
    try {
      signature.signer().checkValidity();
    } catch (CertificateException e) {
      throw new IllegalArgumentException("Signing certificate not valid now", e);
    }

    // The hub signs the receipt once the message is recorded (HandOff, ReceiptIssuer.issue).
    issueReceipt(header, signature, hubSigner, Instant.now());

    // The exchange route orders one delivery per recipient; the delivery route builds its copy.
    String recipient =
        header.getRecipient().isEmpty() ? PLACEHOLDER_RECIPIENT : header.getRecipient().get(0);
    outbound.build(ExchangeBook.deliveryId(header.getMessageId(), recipient), recipient, bytes);
  }

  private static void checkAttachmentDigests(EnvelopeType envelope) {
    if (envelope.getAttachments() == null) {
      return;
    }
    for (AttachmentType attachment : envelope.getAttachments().getAttachment()) {
      if (!Arrays.equals(Digests.sha256(attachment.getContent()), attachment.getSha256())) {
        throw new IllegalArgumentException("Attachment digest mismatch: " + attachment.getId());
      }
    }
  }

  /**
   * What {@link ReceiptIssuer#issue} does; reproduced because its {@code Inbound} argument can only
   * be filled in from inside the ingest package.
   */
  private static byte[] issueReceipt(
      HeaderType header, VerifiedSignature signature, XmlSigner hubSigner, Instant receivedAt) {
    Receipt receipt = new Receipt();
    receipt.setMessageId(header.getMessageId());
    receipt.setExchangeId(header.getExchangeId());
    receipt.setSender(header.getSender());
    DigestType digest = new DigestType();
    digest.setValue(signature.signedDigest());
    digest.setAlgorithm(signature.digestAlgorithm());
    receipt.setReceivedDigest(digest);
    receipt.setReceivedAt(ReceiptIssuer.xmlTime(receivedAt));
    return SecureXml.toBytes(hubSigner.sign(ContractJaxb.write(receipt)));
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
