package org.imihub.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
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

  // 1 000 mailbox authorities across the EEA handle FAN_OUT_TEST → 1 000 deliveries, each in its
  // mailbox once.
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
    long start = System.nanoTime();
    hu.submit(alert.signedBy(hu.signer()));
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> inMailbox(alert) == RECIPIENTS);
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
  }

  private int inMailbox(Envelopes alert) {
    return jdbc.queryForObject(
        "select count(*) from delivery where message_id = ? and status = 'IN_MAILBOX'",
        Integer.class,
        alert.messageId());
  }
}
