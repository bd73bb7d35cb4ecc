package org.imihub.routes.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.routes.exchange.AlertLifecycle.Action;
import org.imihub.routes.exchange.AlertLifecycle.Role;
import org.imihub.routes.exchange.AlertLifecycle.State;
import org.junit.jupiter.api.Test;

/** The alert table: who may do what, and nothing after withdrawal or closing. */
class AlertLifecycleTest {

  // The author broadcasts, updates, withdraws and closes; recipients comment and disseminate.
  @Test
  void rolesHaveTheirOwnSteps() {
    assertThat(AlertLifecycle.decide(null, Action.ALERT, Role.AUTHOR).to()).isEqualTo(State.OPEN);
    assertThat(AlertLifecycle.decide(State.OPEN, Action.ALERT_COMMENT, Role.RECIPIENT).to())
        .isEqualTo(State.OPEN);
    assertThat(AlertLifecycle.decide(State.OPEN, Action.ALERT_CLOSE, Role.AUTHOR).to())
        .isEqualTo(State.CLOSED);
    assertThatThrownBy(() -> AlertLifecycle.decide(State.OPEN, Action.ALERT_UPDATE, Role.RECIPIENT))
        .isInstanceOfSatisfying(
            HubException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.LIFECYCLE_NOT_ALLOWED));
    assertThatThrownBy(() -> AlertLifecycle.decide(State.OPEN, Action.ALERT_COMMENT, Role.AUTHOR))
        .isInstanceOfSatisfying(
            HubException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.LIFECYCLE_NOT_ALLOWED));
  }

  // Every step after WITHDRAWN or CLOSED is refused as EXCHANGE_CLOSED, whoever tries.
  @Test
  void finalStatesAcceptNothing() {
    for (State closed : new State[] {State.WITHDRAWN, State.CLOSED}) {
      for (Action action : Action.values()) {
        for (Role role : Role.values()) {
          assertThatThrownBy(() -> AlertLifecycle.decide(closed, action, role))
              .isInstanceOfSatisfying(
                  HubException.class,
                  e -> assertThat(e.code()).isEqualTo(ErrorCode.EXCHANGE_CLOSED));
        }
      }
    }
  }
}
