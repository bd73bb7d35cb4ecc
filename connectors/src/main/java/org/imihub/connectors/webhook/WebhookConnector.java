package org.imihub.connectors.webhook;

import jakarta.annotation.PreDestroy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.imihub.contract.HubException;
import org.imihub.contract.signature.SigningIdentity;
import org.imihub.routes.DaemonThreads;
import org.imihub.routes.HubProperties;
import org.imihub.routes.RoutesConfiguration.TrustedCas;
import org.imihub.routes.delivery.AcknowledgementCheck;
import org.imihub.routes.delivery.ConnectorException;
import org.imihub.routes.delivery.ConnectorException.Cause;
import org.imihub.routes.delivery.DeliveryConnector;
import org.imihub.routes.delivery.DeliveryStatus;
import org.imihub.routes.directory.Authority;
import org.imihub.routes.directory.ConnectorType;
import org.springframework.stereotype.Component;

/**
 * Pushes each hub-signed delivery to the back office's HTTPS endpoint, presenting the hub's
 * certificate, and takes the back office's signed acknowledgement from the answer. Every failure is
 * named by its real cause (refused, timeout, TLS, HTTP status, bad acknowledgement).
 */
@Component
public class WebhookConnector implements DeliveryConnector {
  /**
   * The most of an answer that is read: an acknowledgement is a few kilobytes, and a back office
   * must not make the hub read without end.
   */
  static final int MAX_ANSWER_BYTES = 1 << 20;

  /** How long the reachability check of the operations page waits for an answer. */
  static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);

  private final HttpClient http;
  private final Duration responseTimeout;
  private final AcknowledgementCheck acknowledgements;

  /** Ends an answer whose body is still coming at its deadline (see {@link #send}). */
  private final ScheduledExecutorService deadlines =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("webhook-deadline"));

  public WebhookConnector(
      SigningIdentity hubIdentity,
      TrustedCas trustedCas,
      HubProperties properties,
      AcknowledgementCheck acknowledgements) {
    this.http =
        HttpClient.newBuilder()
            .sslContext(hubIdentity.tlsContext(trustedCas.certificates()))
            .connectTimeout(properties.delivery().connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.responseTimeout = properties.delivery().responseTimeout();
    this.acknowledgements = acknowledgements;
  }

  @Override
  public ConnectorType type() {
    return ConnectorType.WEBHOOK;
  }

  @Override
  public DeliveryStatus deliver(
      Authority recipient, String deliveryId, String messageId, byte[] deliveryDocument) {
    HttpRequest request =
        HttpRequest.newBuilder(recipient.endpoint())
            .header("Content-Type", "application/xml")
            .POST(HttpRequest.BodyPublishers.ofByteArray(deliveryDocument))
            .timeout(responseTimeout)
            .build();
    HttpResponse<byte[]> answer = send(request, recipient);
    if (answer.statusCode() != 200) {
      throw new ConnectorException(
          Cause.HTTP_STATUS, "HTTP " + answer.statusCode() + " from " + recipient.endpoint(), null);
    }
    try {
      acknowledgements.check(answer.body(), deliveryId, messageId, recipient.id());
    } catch (HubException badAcknowledgement) {
      throw new ConnectorException(
          Cause.BAD_ACKNOWLEDGEMENT,
          badAcknowledgement.code()
              + " from "
              + recipient.endpoint()
              + ": "
              + badAcknowledgement.detail(),
          badAcknowledgement);
    }
    return DeliveryStatus.ACKNOWLEDGED;
  }

  /**
   * Asks the back office's endpoint for its options: any HTTP answer means it can be reached (an
   * HTTP error status is reported as the cause all the same); no answer is named by its cause.
   */
  @Override
  public Reachability check(Authority recipient) {
    HttpRequest request =
        HttpRequest.newBuilder(recipient.endpoint())
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .timeout(CHECK_TIMEOUT)
            .build();
    try {
      int status = send(request, recipient).statusCode();
      return status < 500
          ? Reachability.REACHABLE
          : new Reachability(
              false, Cause.HTTP_STATUS.name(), "HTTP " + status + " from " + recipient.endpoint());
    } catch (ConnectorException unreachable) {
      return new Reachability(false, unreachable.failure().name(), unreachable.getMessage());
    }
  }

  /**
   * The whole answer, body included, within the request's timeout, and no longer than {@link
   * #MAX_ANSWER_BYTES}. The request's own timeout covers the wait for the headers only, so the body
   * has a deadline of its own: a back office that stalled after its headers would otherwise hold a
   * delivery consumer for good.
   *
   * <p>Blocking, on the caller's thread: the client's {@code sendAsync} hands every answer on to
   * the JDK's common pool, which on a machine of two cores or fewer starts a new thread for each
   * task (one thread per delivery, measured in a fan-out).
   */
  private HttpResponse<byte[]> send(HttpRequest request, Authority recipient) {
    Duration timeout = request.timeout().orElseThrow();
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      return http.send(request, answer -> new AtMost(recipient, deadline, timeout));
    } catch (IOException e) {
      throw failure(e, recipient, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectorException(
          Cause.IO, "interrupted while delivering to " + recipient.endpoint(), e);
    }
  }

  @PreDestroy
  void stop() {
    deadlines.shutdownNow();
  }

  /**
   * A failed call named by its cause, wherever in the chain of causes it lies: the client wraps
   * them differently for each kind of failure.
   */
  private static ConnectorException failure(
      Throwable failed, Authority recipient, Duration timeout) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = failed; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    for (Throwable t : chain) {
      if (t instanceof ConnectorException tooLong) {
        return tooLong;
      }
    }
    if (chain.stream().anyMatch(HttpConnectTimeoutException.class::isInstance)) {
      return new ConnectorException(
          Cause.TIMEOUT,
          "no connection to " + recipient.endpoint() + " within the connect timeout",
          failed);
    }
    if (chain.stream().anyMatch(HttpTimeoutException.class::isInstance)) {
      return timedOut(recipient, timeout, failed);
    }
    for (Throwable t : chain) {
      if (t instanceof SSLException || t instanceof java.security.cert.CertificateException) {
        return new ConnectorException(
            Cause.TLS, "TLS with " + recipient.endpoint() + " failed: " + t.getMessage(), failed);
      }
    }
    if (chain.stream().anyMatch(ConnectException.class::isInstance)) {
      return new ConnectorException(
          Cause.CONNECTION_REFUSED, "connection to " + recipient.endpoint() + " refused", failed);
    }
    return new ConnectorException(
        Cause.IO, "I/O with " + recipient.endpoint() + " failed: " + failed, failed);
  }

  private static ConnectorException timedOut(
      Authority recipient, Duration timeout, Throwable cause) {
    return new ConnectorException(
        Cause.TIMEOUT,
        "no whole answer from " + recipient.endpoint() + " within " + timeout,
        cause);
  }

  /**
   * An answer's body, refused once it grows past {@link #MAX_ANSWER_BYTES} or is still coming at
   * the call's deadline: the rest is not read, and the connection is closed rather than kept.
   */
  private final class AtMost implements HttpResponse.BodySubscriber<byte[]> {
    private final Authority recipient;
    private final long deadline;
    private final Duration timeout;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private ScheduledFuture<?> deadlineCheck;

    AtMost(Authority recipient, long deadline, Duration timeout) {
      this.recipient = recipient;
      this.deadline = deadline;
      this.timeout = timeout;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      deadlineCheck =
          deadlines.schedule(
              () -> refuse(timedOut(recipient, timeout, null)),
              deadline - System.nanoTime(),
              TimeUnit.NANOSECONDS);
      body.whenComplete((done, failed) -> deadlineCheck.cancel(false));
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      for (ByteBuffer buffer : buffers) {
        if (body.isDone()) {
          return;
        }
        if (bytes.size() + buffer.remaining() > MAX_ANSWER_BYTES) {
          refuse(
              new ConnectorException(
                  Cause.BAD_ACKNOWLEDGEMENT,
                  "the answer from "
                      + recipient.endpoint()
                      + " is longer than "
                      + MAX_ANSWER_BYTES
                      + " bytes",
                  null));
          return;
        }
        byte[] chunk = new byte[buffer.remaining()];
        buffer.get(chunk);
        bytes.writeBytes(chunk);
      }
    }

    private void refuse(ConnectorException why) {
      if (body.completeExceptionally(why)) {
        subscription.cancel();
      }
    }

    @Override
    public void onError(Throwable failure) {
      body.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
      body.complete(bytes.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return body;
    }
  }
}
