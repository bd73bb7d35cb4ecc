package org.imihub.routes.exchange;

import java.time.Instant;
import java.time.LocalDate;
import org.imihub.routes.exchange.RequestLifecycle.Action;
import org.imihub.routes.exchange.RequestLifecycle.Party;
import org.imihub.routes.exchange.RequestLifecycle.State;
import org.imihub.routes.exchange.RequestLifecycle.Step;

/** A request as the exchange table holds it. {@code updatedAt} is its last step's time. */
public record ExchangeRecord(
    String id,
    String procedureCode,
    String requester,
    String responder,
    State state,
    LocalDate replyBy,
    LocalDate proposedReplyBy,
    String proposedBy,
    int version,
    Instant createdAt,
    Instant updatedAt) {

  /** The exchange a REQUEST opens. */
  public static ExchangeRecord opened(
      String id,
      String procedureCode,
      String requester,
      String responder,
      LocalDate replyBy,
      Instant at) {
    return new ExchangeRecord(
        id, procedureCode, requester, responder, State.SENT, replyBy, null, null, 0, at, at);
  }

  /** Which side {@code authority} is on, or null if it takes no part. */
  public Party partyOf(String authority) {
    if (authority.equals(requester)) {
      return Party.REQUESTER;
    }
    if (authority.equals(responder)) {
      return Party.RESPONDER;
    }
    return null;
  }

  public String counterpartOf(Party party) {
    return party == Party.REQUESTER ? responder : requester;
  }

  /**
   * The exchange after {@code step}, taken by {@code actor} at {@code at} with the date its message
   * names.
   */
  public ExchangeRecord after(Step step, String actor, LocalDate date, Instant at) {
    LocalDate agreed = replyBy;
    LocalDate proposed = proposedReplyBy;
    String proposer = proposedBy;
    if (step.action() == Action.PROPOSE_REPLY_BY) {
      proposed = date;
      proposer = actor;
    } else if (step.action() == Action.ACCEPT_REPLY_BY) {
      agreed = proposedReplyBy;
      proposed = null;
      proposer = null;
    }
    return new ExchangeRecord(
        id,
        procedureCode,
        requester,
        responder,
        step.to(),
        agreed,
        proposed,
        proposer,
        version + 1,
        createdAt,
        at);
  }
}
