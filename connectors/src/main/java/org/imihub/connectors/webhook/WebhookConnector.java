package org.imihub.connectors.webhook;

import java.io.IOException;
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
    HttpResponse<byte[]> response = send(request, recipient);
    if (response.statusCode() != 200) {
      throw new ConnectorException(
          Cause.HTTP_STATUS,
          "HTTP " + response.statusCode() + " from " + recipient.endpoint(),
          null);
    }
    try {
      acknowledgements.check(response.body(), deliveryId, messageId, recipient.id());
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
      int status = send(request, recipient).statusCode();
      return status < 500
          ? Reachability.REACHABLE
          : new Reachability(
              false, Cause.HTTP_STATUS.name(), "HTTP " + status + " from " + recipient.endpoint());
    } catch (ConnectorException unreachable) {
      return new Reachability(false, unreachable.failure().name(), unreachable.getMessage());
    }
  }

  private HttpResponse<byte[]> send(HttpRequest request, Authority recipient) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
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
    } catch (SSLException e) {
      throw new ConnectorException(
          Cause.TLS, "TLS with " + recipient.endpoint() + " failed: " + e.getMessage(), e);
    } catch (IOException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      if (root instanceof SSLException || root instanceof java.security.cert.CertificateException) {
        throw new ConnectorException(
            Cause.TLS, "TLS with " + recipient.endpoint() + " failed: " + root.getMessage(), e);
      }
      if (root instanceof ConnectException) {
        throw new ConnectorException(
            Cause.CONNECTION_REFUSED, "connection to " + recipient.endpoint() + " refused", e);
      }
      throw new ConnectorException(
          Cause.IO, "I/O with " + recipient.endpoint() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectorException(
          Cause.IO, "interrupted while delivering to " + recipient.endpoint(), e);
    }
  }
}
