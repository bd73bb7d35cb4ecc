package org.imihub.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.activemq.artemis.api.core.Interceptor;
import org.apache.activemq.artemis.core.protocol.core.impl.PacketImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.imihub.app.support.HubIT;
import org.imihub.client.Envelopes;
import org.imihub.client.Envelopes.Audience;
import org.imihub.client.HubClient;
import org.imihub.routes.directory.Authority;
import org.imihub.routes.directory.ConnectorType;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An alert to a thousand authorities in all EEA countries: every one gets it, once. The time it
 * took is logged, not asserted (speed is the benchmark's business).
 */
class FanOutIT extends HubIT {
  private static final Logger log = LoggerFactory.getLogger(FanOutIT.class);
  static final String AREA = "FAN_OUT_TEST";
  static final int RECIPIENTS = 1000;

  @Autowired JdbcTemplate jdbc;
  @Autowired EmbeddedActiveMQ broker;

  // 1 000 mailbox authorities across the EEA handle FAN_OUT_TEST → 1 000 deliveries, each in its
  // mailbox once. The hand-off puts the thousand on the delivery queue without asking the broker
  // each time whether that queue exists (a blocking round trip per send, on the database writer
  // every hand-off waits for: docs/performance.md).
  @Test
  void alertReachesAThousandRecipients() {
    List<String> eea =
        List.of(
            "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU",
            "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "IS",
            "LI", "NO");
    for (int i = 0; i < RECIPIENTS; i++) {
      String country = eea.get(i % eea.size());
      directory.register(
          new Authority(
              country + "-FANOUT-" + i,
              "Fan-out test authority " + i,
              country,
              "en",
              ConnectorType.MAILBOX,
              null,
              Set.of(),
              Set.of(AREA),
              null),
          List.of());
    }
    HubClient hu = client("HU-EEKH");
    Envelopes alert =
        Envelopes.alert("HU-EEKH", new Audience(AREA, List.of(), true, false))
            .freeText("en", "To every authority at once.");
    AtomicInteger queueLookUps = new AtomicInteger();
    Interceptor countLookUps =
        (packet, connection) -> {
          if (packet.getType() == PacketImpl.SESS_QUEUEQUERY) {
            queueLookUps.incrementAndGet();
          }
          return true;
        };
    broker.getActiveMQServer().getRemotingService().addIncomingInterceptor(countLookUps);
    long start = System.nanoTime();
    try {
      hu.submit(alert.signedBy(hu.signer()));
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> inMailbox(alert) == RECIPIENTS);
    } finally {
      broker.getActiveMQServer().getRemotingService().removeIncomingInterceptor(countLookUps);
    }
    log.info(
        "Fan-out to {} recipients: all in their mailboxes {} ms after the receipt was asked for",
        RECIPIENTS,
        (System.nanoTime() - start) / 1_000_000);

    assertThat(
            jdbc.queryForObject(
                "select count(*) from mailbox_item where delivery_id like ?",
                Integer.class,
                alert.messageId() + "~%"))
        .isEqualTo(RECIPIENTS);
    assertThat(hu.exchange(alert.exchangeId()).getMember()).hasSize(RECIPIENTS);
    // At most once per broker session the hub has open, not once per delivery queued.
    assertThat(queueLookUps.get()).isLessThan(RECIPIENTS / 10);
  }

  private int inMailbox(Envelopes alert) {
    return jdbc.queryForObject(
        "select count(*) from delivery where message_id = ? and status = 'IN_MAILBOX'",
        Integer.class,
        alert.messageId());
  }
}
