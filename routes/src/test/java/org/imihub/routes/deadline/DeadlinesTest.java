package org.imihub.routes.deadline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.imihub.routes.HubProperties;
import org.imihub.routes.exchange.ExchangeRecord;
import org.imihub.routes.exchange.RequestLifecycle.State;
import org.imihub.routes.procedure.ProcedureCatalogue;
import org.junit.jupiter.api.Test;

/**
 * When the deadline watch must look at a request again: the first moment something new can fall
 * due, and at that moment {@link Deadlines#dueAt} indeed finds it (and not a moment before).
 */
class DeadlinesTest {
  private static final Deadlines DEADLINES =
      new Deadlines(
          new HubProperties.Lifecycle(
              Duration.ofDays(7),
              Duration.ofDays(2),
              Duration.ofDays(60),
              Duration.ofMinutes(1),
              true),
          ProcedureCatalogue.load(Path.of("../config/procedures")));

  // PQ-CHECK: accept within 7 days, reply within 28.
  private static final Instant SENT_AT = Instant.parse("2026-11-02T10:00:00Z");
  private static final ExchangeRecord SENT =
      ExchangeRecord.request("x-1", "PQ-CHECK", "HU-EEKH", "FR-CNOM", null, SENT_AT);

  @Test
  void aSentRequestIsLookedAtWhenItsReminderWindowOpensThenWhenItsDeadlinePasses() {
    // Acceptance deadline 2026-11-09: the reminder from 11-07, the escalation from 11-10.
    Instant reminderFrom = Instant.parse("2026-11-07T00:00:00Z");
    Instant escalationFrom = Instant.parse("2026-11-10T00:00:00Z");

    assertThat(DEADLINES.nextLook(SENT, SENT_AT)).contains(reminderFrom);
    assertThat(DEADLINES.dueAt(SENT, reminderFrom.minusSeconds(1))).isEmpty();
    assertThat(DEADLINES.dueAt(SENT, reminderFrom)).hasSize(1);

    assertThat(DEADLINES.nextLook(SENT, reminderFrom)).contains(escalationFrom);
    assertThat(DEADLINES.dueAt(SENT, escalationFrom.minusSeconds(1)))
        .extracting(due -> due.reason().value())
        .containsExactly("ACCEPTANCE_DUE");
    assertThat(DEADLINES.dueAt(SENT, escalationFrom))
        .extracting(due -> due.reason().value())
        .containsExactly("ACCEPTANCE_OVERDUE");

    // Then only inactivity is left to watch for: 60 days after the last step.
    assertThat(DEADLINES.nextLook(SENT, escalationFrom))
        .contains(SENT_AT.plus(Duration.ofDays(60)));
  }

  @Test
  void anAcceptedRequestIsLookedAtForItsReplyByDate() {
    ExchangeRecord accepted =
        new ExchangeRecord(
            "x-2",
            ExchangeRecord.Kind.REQUEST,
            "PQ-CHECK",
            "HU-EEKH",
            "FR-CNOM",
            State.ACCEPTED.name(),
            LocalDate.parse("2026-11-20"),
            null,
            null,
            1,
            SENT_AT,
            SENT_AT,
            null);
    assertThat(DEADLINES.nextLook(accepted, SENT_AT))
        .contains(Instant.parse("2026-11-18T00:00:00Z"));
    assertThat(DEADLINES.nextLook(accepted, Instant.parse("2026-11-18T00:00:00Z")))
        .contains(Instant.parse("2026-11-21T00:00:00Z"));
  }

  @Test
  void anEndedRequestIsNeverLookedAtAgain() {
    ExchangeRecord closed =
        new ExchangeRecord(
            "x-3",
            ExchangeRecord.Kind.REQUEST,
            "PQ-CHECK",
            "HU-EEKH",
            "FR-CNOM",
            State.CLOSED.name(),
            null,
            null,
            null,
            3,
            SENT_AT,
            SENT_AT,
            null);
    assertThat(DEADLINES.nextLook(closed, SENT_AT)).isEmpty();
    assertThat(
            DEADLINES.nextLook(
                ExchangeRecord.alert("a-1", "PQ-ALERT", "HU-EEKH", SENT_AT), SENT_AT))
        .as("an alert has no deadlines")
        .isEmpty();
  }
}
