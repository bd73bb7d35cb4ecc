package org.imihub.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.imihub.app.support.DemoPki;
import org.imihub.app.support.FakeLibreTranslate;
import org.imihub.app.support.HubIT;
import org.imihub.app.support.TestBroker;
import org.imihub.client.Envelopes;
import org.imihub.client.HubClient;
import org.imihub.client.HubProblemException;
import org.imihub.client.VerifiedDelivery;
import org.imihub.contract.hub.v1.Mailbox;
import org.imihub.contract.hub.v1.TranslationStatusType;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Nothing lost across a restart: receipts are issued while delivery is stopped, the hub is shut
 * down, and after it starts again on the same journal and database every message is delivered, each
 * exactly once.
 */
class RestartIT {
  static {
    TestBroker.useShortRedelivery();
  }

  // 25 receipted requests, hub stopped with them on the delivery queue → after restart, 25 mailbox
  // entries, no duplicate.
  @Test
  void receiptedMessagesAreDeliveredExactlyOnceAfterRestart() {
    Path dataDir = HubIT.newDataDir();
    List<String> messageIds = new ArrayList<>();

    try (ConfigurableApplicationContext hub = start(dataDir, false)) {
      HubClient hu = DemoPki.client("HU-EEKH", port(hub));
      for (int i = 0; i < 25; i++) {
        Envelopes request = Envelopes.request("HU-EEKH", "FR-CNOM").freeText("hu", "restart " + i);
        assertThat(hu.submit(request.signedBy(hu.signer())).getMessageId())
            .isEqualTo(request.messageId());
        messageIds.add(request.messageId());
      }
      assertThat(DemoPki.client("FR-CNOM", port(hub)).mailbox()).isEmpty();
    }

    try (ConfigurableApplicationContext hub = start(dataDir, true)) {
      HubClient fr = DemoPki.client("FR-CNOM", port(hub));
      await().atMost(Duration.ofSeconds(60)).until(() -> fr.mailbox().size() >= messageIds.size());
      Map<String, Long> timesInMailbox =
          fr.mailbox().stream()
              .collect(Collectors.groupingBy(Mailbox.Entry::getMessageId, Collectors.counting()));
      assertThat(timesInMailbox.keySet()).containsExactlyInAnyOrderElementsOf(messageIds);
      assertThat(timesInMailbox.values()).allMatch(times -> times == 1);
      for (Mailbox.Entry entry : fr.mailbox()) {
        assertThat(fr.fetch(entry.getDeliveryId()).envelope().getHeader().getMessageId())
            .isEqualTo(entry.getMessageId());
      }
    }
  }

  // A translation still pending when the hub stops is asked again after the restart and follows:
  // the delivery went out at once with the original, flagged PENDING; nothing is forgotten.
  @Test
  void aPendingTranslationFollowsAfterRestart() {
    Path dataDir = HubIT.newDataDir();
    String text = "Kérjük, erősítsék meg az oklevél valódiságát. " + System.nanoTime();
    Envelopes request = Envelopes.request("HU-EEKH", "FR-CNOM").language("hu").freeText("hu", text);
    try (FakeLibreTranslate libreTranslate = new FakeLibreTranslate()) {
      libreTranslate.down(true);
      // Asked again only after a minute here: it is the restarted hub that asks again.
      try (ConfigurableApplicationContext hub =
          start(dataDir, true, translation(libreTranslate, "1m"))) {
        HubClient hu = DemoPki.client("HU-EEKH", port(hub));
        hu.submit(request.signedBy(hu.signer()));
        VerifiedDelivery first =
            HubIT.awaitInMailbox(
                DemoPki.client("FR-CNOM", port(hub)), request.messageId() + "~FR-CNOM");
        assertThat(first.reading().getFreeText().get(0).getTranslation())
            .isEqualTo(TranslationStatusType.PENDING);
      }
      libreTranslate.down(false);
      try (ConfigurableApplicationContext hub =
          start(dataDir, true, translation(libreTranslate, "1s"))) {
        VerifiedDelivery followUp =
            HubIT.awaitInMailbox(
                DemoPki.client("FR-CNOM", port(hub)), request.exchangeId(), "TRANSLATION");
        assertThat(followUp.translation().getStatus()).isEqualTo(TranslationStatusType.MACHINE);
        assertThat(followUp.translation().getText()).isEqualTo("[fr] " + text);
      }
    }
  }

  // The broker is gone → the sender gets HUB_UNAVAILABLE (503), no receipt, and nothing is kept.
  @Test
  void brokerDownMeansNoReceiptAndNothingKept() throws Exception {
    try (ConfigurableApplicationContext hub = start(HubIT.newDataDir(), true)) {
      hub.getBean(EmbeddedActiveMQ.class).stop();
      HubClient hu = DemoPki.client("HU-EEKH", port(hub));
      Envelopes request = Envelopes.request("HU-EEKH", "FR-CNOM");
      assertThatThrownBy(() -> hu.submit(request.signedBy(hu.signer())))
          .isInstanceOfSatisfying(
              HubProblemException.class,
              problem -> {
                assertThat(problem.code()).isEqualTo("HUB_UNAVAILABLE");
                assertThat(problem.status()).isEqualTo(503);
              });
      assertThat(
              hub.getBean(JdbcTemplate.class)
                  .queryForObject("select count(*) from message", Integer.class))
          .isZero();
    }
  }

  private static ConfigurableApplicationContext start(
      Path dataDir, boolean deliver, String... more) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--hub.config-dir=../config",
                "--hub.data-dir=" + dataDir,
                "--server.port=0",
                "--management.server.port=0",
                "--hub.delivery.enabled=" + deliver));
    arguments.addAll(List.of(more));
    return new SpringApplicationBuilder(HubApplication.class).run(arguments.toArray(String[]::new));
  }

  private static String[] translation(FakeLibreTranslate libreTranslate, String retryPeriod) {
    return new String[] {
      "--hub.translation.engine=libretranslate",
      "--hub.translation.libretranslate.url=" + libreTranslate.url(),
      "--hub.delivery.translation-wait=1s",
      "--hub.delivery.translation-retry-period=" + retryPeriod
    };
  }

  private static int port(ConfigurableApplicationContext hub) {
    return Integer.parseInt(hub.getEnvironment().getProperty("local.server.port"));
  }
}
