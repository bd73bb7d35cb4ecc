package org.imihub.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.imihub.app.support.HubIT;
import org.imihub.app.support.TestBroker;
import org.imihub.app.support.WebhookReceiver;
import org.imihub.client.Envelopes;
import org.imihub.client.HubClient;
import org.imihub.contract.hub.v1.DeliveryStatusType;
import org.imihub.contract.hub.v1.Exchange;
import org.imihub.routes.delivery.DeadLetters;
import org.imihub.routes.directory.ConnectorType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

/** A back office that is down: retries, then the dead-letter queue; a re-drive delivers once. */
class ConnectorDownIT extends HubIT {
  @Autowired DeadLetters deadLetters;
  @Autowired JmsTemplate hubJmsTemplate;
  @Autowired MeterRegistry meters;

  // DK-STPS answers 503 → attempts up to the broker's limit, DEAD_LETTERED with the cause →
  // re-drive → delivered once.
  @Test
  void deadLetteredDeliveryIsRedrivenOnce() throws Exception {
    try (WebhookReceiver dk = new WebhookReceiver("DK-STPS")) {
      connect("DK-STPS", ConnectorType.WEBHOOK, dk.endpoint());
      dk.down(true);
      long failedCalls = webhookCalls("failed");
      long handedOverCalls = webhookCalls("handed_over");
      HubClient hu = client("HU-EEKH");
      Envelopes request = Envelopes.request("HU-EEKH", "DK-STPS");
      hu.submit(request.signedBy(hu.signer()));
      String deliveryId = request.messageId() + "~DK-STPS";

      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> delivery(hu, request).getStatus() == DeliveryStatusType.DEAD_LETTERED);
      Exchange.Message.Delivery failed = delivery(hu, request);
      assertThat(failed.getAttempts()).isEqualTo(TestBroker.MAX_DELIVERY_ATTEMPTS);
      assertThat(failed.getLastError())
          .as("the cause, without the other side's endpoint")
          .isEqualTo("HTTP_STATUS");
      await().atMost(Duration.ofSeconds(10)).until(() -> deadLetterCount() == 1);
      assertThat(dk.timesReceived(deliveryId)).isZero();
      assertThat(webhookCalls("failed") - failedCalls)
          .as("every attempt's call timed for operators")
          .isEqualTo(TestBroker.MAX_DELIVERY_ATTEMPTS);

      dk.down(false);
      assertThat(deadLetters.redrive("DK-STPS")).containsExactly(deliveryId);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> delivery(hu, request).getStatus() == DeliveryStatusType.ACKNOWLEDGED);
      assertThat(dk.timesReceived(deliveryId)).isEqualTo(1);
      assertThat(webhookCalls("handed_over") - handedOverCalls).isEqualTo(1);
      assertThat(deadLetterCount()).isZero();
      assertThat(deadLetters.redrive("DK-STPS")).as("nothing left to re-drive").isEmpty();
    } finally {
      connect("DK-STPS", ConnectorType.MAILBOX, null);
    }
  }

  // Nobody listens at NO-HDIR's endpoint → the failure is named for what it is, not "unknown
  // participant".
  @Test
  void refusedConnectionIsReportedAsSuch() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try {
      connect(
          "NO-HDIR", ConnectorType.WEBHOOK, URI.create("https://localhost:" + closedPort + "/imi"));
      HubClient hu = client("HU-EEKH");
      Envelopes request = Envelopes.request("HU-EEKH", "NO-HDIR");
      hu.submit(request.signedBy(hu.signer()));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> delivery(hu, request).getLastError() != null);
      assertThat(delivery(hu, request).getLastError()).isEqualTo("CONNECTION_REFUSED");
    } finally {
      connect("NO-HDIR", ConnectorType.MAILBOX, null);
    }
  }

  /** Webhook calls timed so far with this outcome (imihub_delivery_call_seconds). */
  private long webhookCalls(String outcome) {
    Timer calls =
        meters
            .find("imihub.delivery.call")
            .tags("connector", "WEBHOOK", "outcome", outcome)
            .timer();
    return calls == null ? 0 : calls.count();
  }

  private Exchange.Message.Delivery delivery(HubClient client, Envelopes request) {
    return client.exchange(request.exchangeId()).getMessage().get(0).getDelivery().get(0);
  }

  private int deadLetterCount() {
    return hubJmsTemplate.browse(
        "hub.delivery.dlq",
        (session, browser) -> java.util.Collections.list(browser.getEnumeration()).size());
  }
}
