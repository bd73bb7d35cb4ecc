package org.imihub.connectors.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
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
            .timeout(responseTimeout)
            .header("Content-Type", "application/xml")
            .POST(HttpRequest.BodyPublishers.ofByteArray(deliveryDocument))
            .build();
    HttpResponse<InputStream> response = send(request, recipient);
    if (response.statusCode() != 200) {
      close(response);
      throw new ConnectorException(
          Cause.HTTP_STATUS,
          "HTTP " + response.statusCode() + " from " + recipient.endpoint(),
          null);
    }
    byte[] answer = read(response, recipient);
    try {
      acknowledgements.check(answer, deliveryId, messageId, recipient.id());
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
            .timeout(Duration.ofSeconds(5))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .build();
    try {
      HttpResponse<InputStream> response = send(request, recipient);
      close(response);
      int status = response.statusCode();
      return status < 500
          ? Reachability.REACHABLE
          : new Reachability(
              false, Cause.HTTP_STATUS.name(), "HTTP " + status + " from " + recipient.endpoint());
    } catch (ConnectorException unreachable) {
      return new Reachability(false, unreachable.failure().name(), unreachable.getMessage());
    }
  }

  /**
   * The answer's body, up to {@link #MAX_ANSWER_BYTES}. A longer one is refused unread: closing its
   * stream early closes the connection rather than draining it.
   */
  private static byte[] read(HttpResponse<InputStream> response, Authority recipient) {
    try (InputStream body = response.body()) {
      byte[] bytes = body.readNBytes(MAX_ANSWER_BYTES + 1);
      if (bytes.length > MAX_ANSWER_BYTES) {
        throw new ConnectorException(
            Cause.BAD_ACKNOWLEDGEMENT,
            "the answer from "
                + recipient.endpoint()
                + " is longer than "
                + MAX_ANSWER_BYTES
                + " bytes",
            null);
      }
      return bytes;
    } catch (IOException e) {
      throw failure(e, recipient);
    }
  }

  /** An answer whose body does not matter, closed so that its connection can be used again. */
  private static void close(HttpResponse<InputStream> response) {
    try (InputStream body = response.body()) {
      body.readNBytes(MAX_ANSWER_BYTES);
    } catch (IOException ignored) {
      // The connection is dropped instead of kept: nothing else depends on it.
    }
  }

  private HttpResponse<InputStream> send(HttpRequest request, Authority recipient) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpConnectTimeoutException e) {
      throw new ConnectorException(
          Cause.TIMEOUT,
          "no connection to " + recipient.endpoint() + " within the connect timeout",
          e);
    } catch (HttpTimeoutException e) {
      throw new ConnectorException(
          Cause.TIMEOUT,
          "no answer from " + recipient.endpoint() + " within " + responseTimeout,
          e);
    } catch (ConnectException e) {
      throw new ConnectorException(
          Cause.CONNECTION_REFUSED, "connection to " + recipient.endpoint() + " refused", e);
    } catch (IOException e) {
      throw failure(e, recipient);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectorException(
          Cause.IO, "interrupted while delivering to " + recipient.endpoint(), e);
    }
  }

  /** An I/O failure named by its cause, the TLS one also when it lies deeper down. */
  private static ConnectorException failure(IOException e, Authority recipient) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    if (e instanceof SSLException
        || root instanceof SSLException
        || root instanceof java.security.cert.CertificateException) {
      return new ConnectorException(
          Cause.TLS, "TLS with " + recipient.endpoint() + " failed: " + root.getMessage(), e);
    }
    if (root instanceof ConnectException) {
      return new ConnectorException(
          Cause.CONNECTION_REFUSED, "connection to " + recipient.endpoint() + " refused", e);
    }
    return new ConnectorException(
        Cause.IO, "I/O with " + recipient.endpoint() + " failed: " + e, e);
  }
}
