package org.imihub.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.imihub.app.support.DemoPki;
import org.imihub.app.support.HubIT;
import org.imihub.app.support.TestBroker;
import org.imihub.client.Envelopes;
import org.imihub.client.HubClient;
import org.imihub.client.HubProblemException;
import org.imihub.routes.delivery.DeliveryLedger;
import org.imihub.routes.ingest.Backlog;
import org.imihub.routes.ingest.MessageLedger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Admission with the real broker: with deliveries stopped, the work waiting on the queues grows
 * with each message; over the limit a new message waits, and when no room comes it is refused as
 * HUB_UNAVAILABLE with nothing kept.
 */
@SpringBootTest(
    classes = HubApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "hub.config-dir=../config",
      "management.server.port=0",
      "hub.delivery.enabled=false",
      "hub.ingest.max-backlog=2",
      "hub.ingest.max-wait=500ms"
    })
class AdmissionIT {
  static {
    TestBroker.useShortRedelivery();
  }

  private static final Path DATA_DIR = HubIT.newDataDir();

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("hub.data-dir", DATA_DIR::toString);
  }

  @LocalServerPort int port;
  @Autowired Backlog backlog;
  @Autowired MessageLedger messages;
  @Autowired DeliveryLedger deliveries;

  @Test
  void overTheBacklogLimitANewMessageIsRefusedAndNothingIsKept() {
    HubClient hu = DemoPki.client("HU-EEKH", port);
    // Deliveries are stopped: each request leaves one delivery waiting on the queue.
    List<String> deliveryIds = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Envelopes request = Envelopes.request("HU-EEKH", "FR-CNOM");
      hu.submit(request.signedBy(hu.signer()));
      deliveryIds.add(request.messageId() + "~FR-CNOM");
    }
    // Booked and queued with their receipts: the three wait on the delivery queue.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> deliveryIds.stream().allMatch(id -> deliveries.find(id).isPresent()));
    assertThat(backlog.waiting()).isEqualTo(3);

    Envelopes refused = Envelopes.request("HU-EEKH", "FR-CNOM");
    assertThatThrownBy(() -> hu.submit(refused.signedBy(hu.signer())))
        .isInstanceOfSatisfying(
            HubProblemException.class,
            problem -> {
              assertThat(problem.code()).isEqualTo("HUB_UNAVAILABLE");
              assertThat(problem.status()).isEqualTo(503);
              assertThat(problem.detail()).contains("The hub is busy: 3 deliveries wait");
            });
    assertThat(messages.signedBytes(refused.messageId())).as("nothing kept").isNull();
    // Over REST the refusal says when to send again.
    var response = hu.postRaw("/api/v1/messages", "application/xml", refused.signedBy(hu.signer()));
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).contains("5");
  }
}
