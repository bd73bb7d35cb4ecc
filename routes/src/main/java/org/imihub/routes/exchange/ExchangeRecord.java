package org.imihub.routes.exchange;

import java.time.Instant;
import java.time.LocalDate;
import org.imihub.routes.exchange.RequestLifecycle.Action;
import org.imihub.routes.exchange.RequestLifecycle.Party;
import org.imihub.routes.exchange.RequestLifecycle.Step;

/**
 * An exchange as the exchange table holds it: a request (requester asks responder) or an alert (the
 * requester column holds its author; recipients are members, see {@link ExchangeStore}). {@code
 * state} is a {@link RequestLifecycle.State} or an {@link AlertLifecycle.State} by kind; {@code
 * updatedAt} is its last step's time; {@code linkedTo} the request it was split off.
 */
public record ExchangeRecord(
    String id,
    Kind kind,
    String procedureCode,
    String requester,
    String responder,
    String state,
    LocalDate replyBy,
    LocalDate proposedReplyBy,
    String proposedBy,
    int version,
    Instant createdAt,
    Instant updatedAt,
    String linkedTo) {

  public enum Kind {
    REQUEST,
    ALERT
  }

  /** The exchange a REQUEST opens. */
  public static ExchangeRecord request(
      String id,
      String procedureCode,
      String requester,
      String responder,
      LocalDate replyBy,
      Instant at) {
    return new ExchangeRecord(
        id,
        Kind.REQUEST,
        procedureCode,
        requester,
        responder,
        RequestLifecycle.State.SENT.name(),
        replyBy,
        null,
        null,
        0,
        at,
        at,
        null);
  }

  /** The exchange an ALERT opens. */
  public static ExchangeRecord alert(String id, String procedureCode, String author, Instant at) {
    return new ExchangeRecord(
        id,
        Kind.ALERT,
        procedureCode,
        author,
        null,
        AlertLifecycle.State.OPEN.name(),
        null,
        null,
        null,
        0,
        at,
        at,
        null);
  }

  public RequestLifecycle.State requestState() {
    return RequestLifecycle.State.valueOf(state);
  }

  public AlertLifecycle.State alertState() {
    return AlertLifecycle.State.valueOf(state);
  }

  /** Which side of a request {@code authority} is on, or null if it takes no part. */
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

  /** This request, split off {@code parent}. */
  public ExchangeRecord linkedTo(String parent) {
    return new ExchangeRecord(
        id,
        kind,
        procedureCode,
        requester,
        responder,
        state,
        replyBy,
        proposedReplyBy,
        proposedBy,
        version,
        createdAt,
        updatedAt,
        parent);
  }

  /**
   * The request after {@code step}, taken by {@code actor} at {@code at} with the date its message
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
        kind,
        procedureCode,
        requester,
        responder,
        step.to().name(),
        agreed,
        proposed,
        proposer,
        version + 1,
        createdAt,
        at,
        linkedTo);
  }

  /** The request passed on to another responder, still waiting to be accepted. */
  public ExchangeRecord forwardedTo(String newResponder, Instant at) {
    return new ExchangeRecord(
        id,
        kind,
        procedureCode,
        requester,
        newResponder,
        state,
        replyBy,
        proposedReplyBy,
        proposedBy,
        version + 1,
        createdAt,
        at,
        linkedTo);
  }

  /** The alert after a step that leaves it in {@code newState}. */
  public ExchangeRecord after(AlertLifecycle.State newState, Instant at) {
    return new ExchangeRecord(
        id,
        kind,
        procedureCode,
        requester,
        responder,
        newState.name(),
        replyBy,
        proposedReplyBy,
        proposedBy,
        version + 1,
        createdAt,
        at,
        linkedTo);
  }
}
