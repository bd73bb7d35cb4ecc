package org.imihub.connectors.webhook;

import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.imihub.contract.HubException;
import org.imihub.contract.signature.SigningIdentity;
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
            .build();
    HttpResponse<byte[]> answer = send(request, recipient, responseTimeout);
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
            .build();
    try {
      int status = send(request, recipient, CHECK_TIMEOUT).statusCode();
      return status < 500
          ? Reachability.REACHABLE
          : new Reachability(
              false, Cause.HTTP_STATUS.name(), "HTTP " + status + " from " + recipient.endpoint());
    } catch (ConnectorException unreachable) {
      return new Reachability(false, unreachable.failure().name(), unreachable.getMessage());
    }
  }

  /**
   * The whole answer, body included, within {@code timeout} of the call (the request's own timeout
   * would only cover its headers, and a back office that stalled after them would hold a delivery
   * consumer for good), and no longer than {@link #MAX_ANSWER_BYTES}.
   */
  private HttpResponse<byte[]> send(HttpRequest request, Authority recipient, Duration timeout) {
    CompletableFuture<HttpResponse<byte[]>> call =
        http.sendAsync(request, answer -> new AtMost(MAX_ANSWER_BYTES, recipient));
    try {
      return call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new ConnectorException(
          Cause.TIMEOUT, "no whole answer from " + recipient.endpoint() + " within " + timeout, e);
    } catch (ExecutionException e) {
      throw failure(e.getCause(), recipient);
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      throw new ConnectorException(
          Cause.IO, "interrupted while delivering to " + recipient.endpoint(), e);
    }
  }

  /**
   * A failed call named by its cause, wherever in the chain of causes it lies: the client wraps
   * them differently for each kind of failure.
   */
  private static ConnectorException failure(Throwable failed, Authority recipient) {
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

  /**
   * An answer's body, refused once it grows past its limit: the rest is not read, and the
   * connection is closed rather than kept.
   */
  private static final class AtMost implements HttpResponse.BodySubscriber<byte[]> {
    private final int limit;
    private final Authority recipient;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private Flow.Subscription subscription;

    AtMost(int limit, Authority recipient) {
      this.limit = limit;
      this.recipient = recipient;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      for (ByteBuffer buffer : buffers) {
        if (body.isDone()) {
          return;
        }
        if (bytes.size() + buffer.remaining() > limit) {
          subscription.cancel();
          body.completeExceptionally(
              new ConnectorException(
                  Cause.BAD_ACKNOWLEDGEMENT,
                  "the answer from " + recipient.endpoint() + " is longer than " + limit + " bytes",
                  null));
          return;
        }
        byte[] chunk = new byte[buffer.remaining()];
        buffer.get(chunk);
        bytes.writeBytes(chunk);
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
