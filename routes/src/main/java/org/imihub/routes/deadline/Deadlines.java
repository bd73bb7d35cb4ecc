package org.imihub.routes.deadline;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.imihub.contract.hub.v1.NoticeKindType;
import org.imihub.contract.hub.v1.NoticeReasonType;
import org.imihub.routes.HubProperties;
import org.imihub.routes.exchange.ExchangeRecord;
import org.imihub.routes.exchange.RequestLifecycle.State;
import org.imihub.routes.procedure.Procedure;
import org.imihub.routes.procedure.ProcedureCatalogue;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The deadline rules, as a pure function of an exchange and the time: which notices are due.
 * Deadlines are whole days in UTC, the same for every hub node and every party.
 *
 * <ul>
 *   <li>Acceptance: a SENT request is expected to be accepted within its procedure's acceptance
 *       days (the hub's acceptance period for a procedure no longer configured); a reminder goes to
 *       the responder before, an escalation to the coordinators after.
 *   <li>Reply: an ACCEPTED request is expected to be answered by its reply-by date, or, when it
 *       names none, within its procedure's reply days of its sending; same reminder and escalation.
 *   <li>Inactivity: an ongoing request where nothing happened for the inactivity period is
 *       escalated.
 * </ul>
 */
@Component
public class Deadlines {
  /** A notice that is due: about which deadline (or none, for inactivity). */
  public record Due(
      NoticeKindType kind, NoticeReasonType reason, LocalDate deadline, LocalDate since) {}

  private final HubProperties.Lifecycle rules;
  private final ProcedureCatalogue procedures;

  @Autowired
  public Deadlines(HubProperties properties, ProcedureCatalogue procedures) {
    this(properties.lifecycle(), procedures);
  }

  public Deadlines(HubProperties.Lifecycle rules, ProcedureCatalogue procedures) {
    this.rules = rules;
    this.procedures = procedures;
  }

  public List<Due> dueAt(ExchangeRecord exchange, Instant now) {
    List<Due> due = new ArrayList<>();
    LocalDate today = day(now);
    acceptanceDeadline(exchange)
        .ifPresent(
            deadline ->
                deadline(
                    due,
                    today,
                    deadline,
                    NoticeReasonType.ACCEPTANCE_DUE,
                    NoticeReasonType.ACCEPTANCE_OVERDUE));
    replyDeadline(exchange)
        .ifPresent(
            deadline ->
                deadline(
                    due,
                    today,
                    deadline,
                    NoticeReasonType.REPLY_DUE,
                    NoticeReasonType.REPLY_OVERDUE));
    if (!exchange.requestState().isFinal()
        && !now.isBefore(exchange.updatedAt().plus(rules.inactivityPeriod()))) {
      due.add(
          new Due(
              NoticeKindType.ESCALATION,
              NoticeReasonType.INACTIVE,
              null,
              day(exchange.updatedAt())));
    }
    return due;
  }

  /**
   * The first moment after {@code now} at which {@link #dueAt} may find something new for this
   * exchange as it stands: a reminder window opening, a deadline passing, the inactivity period
   * running out. Empty when nothing can fall due until the exchange changes (a change asks for a
   * look of its own).
   */
  public Optional<Instant> nextLook(ExchangeRecord exchange, Instant now) {
    if (exchange.kind() != ExchangeRecord.Kind.REQUEST) {
      return Optional.empty();
    }
    List<Instant> moments = new ArrayList<>();
    acceptanceDeadline(exchange).ifPresent(deadline -> watched(moments, deadline));
    replyDeadline(exchange).ifPresent(deadline -> watched(moments, deadline));
    if (!exchange.requestState().isFinal()) {
      moments.add(exchange.updatedAt().plus(rules.inactivityPeriod()));
    }
    return moments.stream().filter(now::isBefore).min(Instant::compareTo);
  }

  /** A sent request must be accepted within the procedure's acceptance days (or the hub's). */
  private Optional<LocalDate> acceptanceDeadline(ExchangeRecord exchange) {
    if (exchange.requestState() != State.SENT) {
      return Optional.empty();
    }
    Duration acceptance =
        configured(exchange)
            .map(days -> Duration.ofDays(days.acceptanceDays()))
            .orElse(rules.acceptancePeriod());
    return Optional.of(day(exchange.createdAt().plus(acceptance)));
  }

  /** An accepted request must be answered by its reply-by date, or the procedure's reply days. */
  private Optional<LocalDate> replyDeadline(ExchangeRecord exchange) {
    if (exchange.requestState() != State.ACCEPTED) {
      return Optional.empty();
    }
    return exchange.replyBy() != null
        ? Optional.of(exchange.replyBy())
        : configured(exchange).map(days -> day(exchange.createdAt()).plusDays(days.replyDays()));
  }

  private Optional<Procedure.Deadlines> configured(ExchangeRecord exchange) {
    return procedures.find(exchange.procedureCode()).map(Procedure::deadlines);
  }

  /** When a deadline's reminder window opens, and when it has passed (the day after it). */
  private void watched(List<Instant> moments, LocalDate deadline) {
    moments.add(startOf(deadline.minusDays(rules.reminderBefore().toDays())));
    moments.add(startOf(deadline.plusDays(1)));
  }

  private static Instant startOf(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private void deadline(
      List<Due> due,
      LocalDate today,
      LocalDate deadline,
      NoticeReasonType soon,
      NoticeReasonType passed) {
    if (today.isAfter(deadline)) {
      due.add(new Due(NoticeKindType.ESCALATION, passed, deadline, deadline));
    } else if (!today.isBefore(deadline.minusDays(rules.reminderBefore().toDays()))) {
      due.add(new Due(NoticeKindType.REMINDER, soon, deadline, deadline));
    }
  }

  static LocalDate day(Instant instant) {
    return instant.atZone(ZoneOffset.UTC).toLocalDate();
  }
}
