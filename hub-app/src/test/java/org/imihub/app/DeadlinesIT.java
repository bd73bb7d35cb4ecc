package org.imihub.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.imihub.app.support.DemoPki;
import org.imihub.app.support.HubIT;
import org.imihub.app.support.TestBroker;
import org.imihub.client.Envelopes;
import org.imihub.client.HubClient;
import org.imihub.client.VerifiedDelivery;
import org.imihub.contract.HubTexts;
import org.imihub.contract.hub.v1.Exchange;
import org.imihub.contract.testsupport.MutableClock;
import org.imihub.routes.deadline.DeadlineWatch;
import org.imihub.routes.exchange.ExchangeRecord;
import org.imihub.routes.exchange.ExchangeStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Deadlines, reminders and escalation, with a clock the test moves: reminders reach the responder,
 * escalations the coordinators of both countries, each once however often (and on however many
 * threads) the watch runs; tracking shows them.
 */
@SpringBootTest(
    classes = {HubApplication.class, DeadlinesIT.TestClock.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "hub.config-dir=../config",
      "management.server.port=0",
      "hub.lifecycle.watch-enabled=false",
      "spring.main.allow-bean-definition-overriding=true"
    })
class DeadlinesIT {
  static {
    TestBroker.useShortRedelivery();
  }

  private static final Path DATA_DIR = HubIT.newDataDir();
  static final MutableClock CLOCK =
      new MutableClock(
          LocalDate.now(ZoneOffset.UTC)
              .plusDays(1)
              .atStartOfDay()
              .toInstant(ZoneOffset.UTC)
              .plus(Duration.ofHours(9)));

  @TestConfiguration
  static class TestClock {
    @Bean
    @Primary
    Clock clock() {
      return CLOCK;
    }
  }

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("hub.data-dir", DATA_DIR::toString);
  }

  @LocalServerPort int port;
  @Autowired DeadlineWatch watch;
  @Autowired ExchangeStore exchanges;

  // Not accepted: a reminder to FR-CNOM two days before the week is out, an escalation to HU-NIMIC
  // and FR-NIMIC after it; running the watch again issues nothing more.
  @Test
  void unacceptedRequestIsRemindedThenEscalated() {
    HubClient hu = client("HU-EEKH");
    Envelopes request = Envelopes.request("HU-EEKH", "FR-CNOM");
    hu.submit(request.signedBy(hu.signer()));

    CLOCK.advance(Duration.ofDays(5));
    watch.run();
    watch.run();
    assertThat(notices(hu, request.exchangeId())).containsExactly("REMINDER");
    // Reminded, the request is not read again until its deadline has passed.
    assertThat(exchanges.requestsToWatch(CLOCK.instant()))
        .extracting(ExchangeRecord::id)
        .doesNotContain(request.exchangeId());
    VerifiedDelivery reminder = awaitNotice("FR-CNOM", request.exchangeId(), "REMINDER");
    assertThat(reminder.notice().getReason().value()).isEqualTo("ACCEPTANCE_DUE");
    assertThat(reminder.signerCertificate()).isEqualTo(DemoPki.hubCertificate());
    // FR-CNOM reads the notice in French.
    assertThat(reminder.reading().getLang()).isEqualTo("fr");
    assertThat(reminder.reading().getNoticeReason().getValue())
        .isEqualTo(HubTexts.text("fr", "noticeReason.ACCEPTANCE_DUE"));
    assertThat(reminder.reading().getState().getValue())
        .isEqualTo(HubTexts.text("fr", "requestState.SENT"));

    CLOCK.advance(Duration.ofDays(3));
    watch.run();
    watch.run();
    assertThat(notices(hu, request.exchangeId())).containsExactly("REMINDER", "ESCALATION");
    for (String coordinator : List.of("HU-NIMIC", "FR-NIMIC")) {
      VerifiedDelivery escalation = awaitNotice(coordinator, request.exchangeId(), "ESCALATION");
      assertThat(escalation.notice().getReason().value()).isEqualTo("ACCEPTANCE_OVERDUE");
      assertThat(escalation.notice().getResponder()).isEqualTo("FR-CNOM");
    }
    Exchange tracked = client("FR-CNOM").exchange(request.exchangeId());
    assertThat(tracked.getEvent())
        .last()
        .satisfies(
            event -> {
              assertThat(event.getAction()).isEqualTo("ESCALATION");
              assertThat(event.getActor()).isEqualTo("EU-IMI-HUB");
              assertThat(event.getTo()).isEqualTo("SENT");
            });
  }

  // Accepted with a reply-by date: reminder before it, escalation after it; a closed request never.
  @Test
  void replyDeadlineIsWatchedUntilTheRequestCloses() {
    HubClient hu = client("HU-EEKH");
    HubClient pt = client("PT-OM");
    LocalDate replyBy = LocalDate.ofInstant(CLOCK.instant(), ZoneOffset.UTC).plusDays(10);
    Envelopes request = Envelopes.request("HU-EEKH", "PT-OM").replyBy(replyBy);
    hu.submit(request.signedBy(hu.signer()));
    pt.submit(
        Envelopes.action("ACCEPT", "PT-OM", "HU-EEKH", request.exchangeId()).signedBy(pt.signer()));
    Envelopes closed = Envelopes.request("HU-EEKH", "DE-BAEK");
    hu.submit(closed.signedBy(hu.signer()));
    hu.submit(
        Envelopes.action("WITHDRAW", "HU-EEKH", "DE-BAEK", closed.exchangeId())
            .signedBy(hu.signer()));

    CLOCK.advance(Duration.ofDays(9));
    watch.run();
    assertThat(notices(hu, request.exchangeId())).containsExactly("REMINDER");
    CLOCK.advance(Duration.ofDays(2));
    watch.run();
    assertThat(notices(hu, request.exchangeId())).containsExactly("REMINDER", "ESCALATION");
    awaitNotice("PT-NIMIC", request.exchangeId(), "ESCALATION");
    assertThat(notices(hu, closed.exchangeId())).as("a withdrawn request is not watched").isEmpty();
  }

  // Two watches at the same moment (as on two hub nodes) issue each notice once.
  @Test
  void concurrentWatchesIssueEachNoticeOnce() {
    HubClient hu = client("HU-EEKH");
    Envelopes request = Envelopes.request("HU-EEKH", "NO-HDIR");
    hu.submit(request.signedBy(hu.signer()));
    CLOCK.advance(Duration.ofDays(70));
    CompletableFuture<Integer> first = CompletableFuture.supplyAsync(watch::run);
    CompletableFuture<Integer> second = CompletableFuture.supplyAsync(watch::run);
    first.join();
    second.join();
    watch.run();
    assertThat(notices(hu, request.exchangeId()))
        .as("acceptance overdue and inactive, once each")
        .containsExactly("ESCALATION", "ESCALATION");
  }

  private List<String> notices(HubClient client, String exchangeId) {
    return client.exchange(exchangeId).getEvent().stream()
        .map(Exchange.Event::getAction)
        .filter(action -> action.equals("REMINDER") || action.equals("ESCALATION"))
        .toList();
  }

  private VerifiedDelivery awaitNotice(String authorityId, String exchangeId, String kind) {
    return HubIT.awaitInMailbox(client(authorityId), exchangeId, kind);
  }

  private HubClient client(String authorityId) {
    return DemoPki.client(authorityId, port);
  }
}
