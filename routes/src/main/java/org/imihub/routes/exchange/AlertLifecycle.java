package org.imihub.routes.exchange;

import static org.imihub.routes.exchange.AlertLifecycle.Action.ALERT;
import static org.imihub.routes.exchange.AlertLifecycle.Action.ALERT_CLOSE;
import static org.imihub.routes.exchange.AlertLifecycle.Action.ALERT_COMMENT;
import static org.imihub.routes.exchange.AlertLifecycle.Action.ALERT_DISSEMINATE;
import static org.imihub.routes.exchange.AlertLifecycle.Action.ALERT_UPDATE;
import static org.imihub.routes.exchange.AlertLifecycle.Action.ALERT_WITHDRAW;
import static org.imihub.routes.exchange.AlertLifecycle.Role.AUTHOR;
import static org.imihub.routes.exchange.AlertLifecycle.Role.RECIPIENT;
import static org.imihub.routes.exchange.AlertLifecycle.State.CLOSED;
import static org.imihub.routes.exchange.AlertLifecycle.State.OPEN;
import static org.imihub.routes.exchange.AlertLifecycle.State.WITHDRAWN;

import java.util.Arrays;
import java.util.List;

/**
 * The alert lifecycle, as one table: in state FROM, the party in role BY may do ACTION, and the
 * alert moves to TO. docs/alerts.md shows the same table.
 */
public final class AlertLifecycle {

  public enum State {
    OPEN,
    WITHDRAWN,
    CLOSED;

    public boolean isFinal() {
      return this != OPEN;
    }
  }

  /** The author broadcasts and changes the alert; recipients read, comment and disseminate. */
  public enum Role {
    AUTHOR,
    RECIPIENT
  }

  public enum Action {
    ALERT,
    ALERT_UPDATE,
    ALERT_COMMENT,
    ALERT_DISSEMINATE,
    ALERT_WITHDRAW,
    ALERT_CLOSE;

    public static boolean isAction(String messageType) {
      return Arrays.stream(values()).anyMatch(action -> action.name().equals(messageType));
    }
  }

  public record Step(State from, Action action, Role by, State to) {}

  // spotless:off
  static final List<Step> TABLE = List.of(
      //        from  action             by         to
      new Step(null, ALERT,             AUTHOR,    OPEN),
      new Step(OPEN, ALERT_UPDATE,      AUTHOR,    OPEN),
      new Step(OPEN, ALERT_COMMENT,     RECIPIENT, OPEN),
      new Step(OPEN, ALERT_DISSEMINATE, RECIPIENT, OPEN),
      new Step(OPEN, ALERT_WITHDRAW,    AUTHOR,    WITHDRAWN),
      new Step(OPEN, ALERT_CLOSE,       AUTHOR,    CLOSED));
  // spotless:on

  private AlertLifecycle() {}

  /**
   * @throws org.imihub.contract.HubException EXCHANGE_CLOSED in a final state,
   *     LIFECYCLE_NOT_ALLOWED otherwise
   */
  public static Step decide(State from, Action action, Role by) {
    return Lifecycles.decide(
        TABLE,
        step -> step.from() == from && step.action() == action && step.by() == by,
        from != null && from.isFinal(),
        String.valueOf(from),
        "The "
            + by.name().toLowerCase()
            + " of an alert cannot "
            + action
            + (from == null ? " before it is broadcast." : " when it is " + from + "."));
  }
}
