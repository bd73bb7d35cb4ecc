package org.imihub.routes.exchange;

import static org.imihub.routes.exchange.RequestLifecycle.Action.ACCEPT;
import static org.imihub.routes.exchange.RequestLifecycle.Action.ACCEPT_ANSWER;
import static org.imihub.routes.exchange.RequestLifecycle.Action.ACCEPT_REPLY_BY;
import static org.imihub.routes.exchange.RequestLifecycle.Action.ANSWER;
import static org.imihub.routes.exchange.RequestLifecycle.Action.DECLINE;
import static org.imihub.routes.exchange.RequestLifecycle.Action.FORWARD;
import static org.imihub.routes.exchange.RequestLifecycle.Action.PROPOSE_REPLY_BY;
import static org.imihub.routes.exchange.RequestLifecycle.Action.REQUEST;
import static org.imihub.routes.exchange.RequestLifecycle.Action.REQUEST_MORE_INFO;
import static org.imihub.routes.exchange.RequestLifecycle.Action.WITHDRAW;
import static org.imihub.routes.exchange.RequestLifecycle.Party.REQUESTER;
import static org.imihub.routes.exchange.RequestLifecycle.Party.RESPONDER;
import static org.imihub.routes.exchange.RequestLifecycle.State.ACCEPTED;
import static org.imihub.routes.exchange.RequestLifecycle.State.ANSWERED;
import static org.imihub.routes.exchange.RequestLifecycle.State.CLOSED;
import static org.imihub.routes.exchange.RequestLifecycle.State.DECLINED;
import static org.imihub.routes.exchange.RequestLifecycle.State.SENT;
import static org.imihub.routes.exchange.RequestLifecycle.State.WITHDRAWN;

import java.util.Arrays;
import java.util.List;

/**
 * The request lifecycle, as one table: in state FROM, party BY may do ACTION, and the request moves
 * to TO. Anything not in the table is refused. docs/lifecycle.md shows the same table.
 */
public final class RequestLifecycle {

  /** Where a request stands. The last three are final: nothing more happens in the exchange. */
  public enum State {
    SENT,
    ACCEPTED,
    ANSWERED,
    CLOSED,
    DECLINED,
    WITHDRAWN;

    public boolean isFinal() {
      return this == CLOSED || this == DECLINED || this == WITHDRAWN;
    }
  }

  /** The two sides of a request. */
  public enum Party {
    REQUESTER,
    RESPONDER
  }

  /** What a party does; each is a message type (the envelope's MessageType). */
  public enum Action {
    REQUEST,
    ACCEPT,
    DECLINE,
    PROPOSE_REPLY_BY,
    ACCEPT_REPLY_BY,
    ANSWER,
    REQUEST_MORE_INFO,
    ACCEPT_ANSWER,
    WITHDRAW,
    FORWARD;

    public static boolean isAction(String messageType) {
      return Arrays.stream(values()).anyMatch(action -> action.name().equals(messageType));
    }
  }

  /** One row of the table. {@code from} is null for the step that opens an exchange. */
  public record Step(State from, Action action, Party by, State to) {}

  // spotless:off
  static final List<Step> TABLE = List.of(
      //        from       action             by         to
      new Step(null,     REQUEST,           REQUESTER, SENT),
      new Step(SENT,     ACCEPT,            RESPONDER, ACCEPTED),
      new Step(SENT,     DECLINE,           RESPONDER, DECLINED),
      new Step(SENT,     WITHDRAW,          REQUESTER, WITHDRAWN),
      new Step(SENT,     FORWARD,           RESPONDER, SENT),
      new Step(SENT,     PROPOSE_REPLY_BY,  RESPONDER, SENT),
      new Step(SENT,     PROPOSE_REPLY_BY,  REQUESTER, SENT),
      new Step(SENT,     ACCEPT_REPLY_BY,   RESPONDER, SENT),
      new Step(SENT,     ACCEPT_REPLY_BY,   REQUESTER, SENT),
      new Step(ACCEPTED, ANSWER,            RESPONDER, ANSWERED),
      new Step(ACCEPTED, WITHDRAW,          REQUESTER, WITHDRAWN),
      new Step(ACCEPTED, PROPOSE_REPLY_BY,  RESPONDER, ACCEPTED),
      new Step(ACCEPTED, PROPOSE_REPLY_BY,  REQUESTER, ACCEPTED),
      new Step(ACCEPTED, ACCEPT_REPLY_BY,   RESPONDER, ACCEPTED),
      new Step(ACCEPTED, ACCEPT_REPLY_BY,   REQUESTER, ACCEPTED),
      new Step(ANSWERED, REQUEST_MORE_INFO, REQUESTER, ACCEPTED),
      new Step(ANSWERED, ACCEPT_ANSWER,     REQUESTER, CLOSED));
  // spotless:on

  private RequestLifecycle() {}

  /**
   * The step {@code by} may take with {@code action} from {@code from}.
   *
   * @throws org.imihub.contract.HubException EXCHANGE_CLOSED in a final state,
   *     LIFECYCLE_NOT_ALLOWED otherwise
   */
  public static Step decide(State from, Action action, Party by) {
    return Lifecycles.decide(
        TABLE,
        step -> step.from() == from && step.action() == action && step.by() == by,
        from != null && from.isFinal(),
        String.valueOf(from),
        "The "
            + by.name().toLowerCase()
            + " cannot "
            + action
            + " a request that is "
            + (from == null ? "not yet sent" : from)
            + ".");
  }
}
