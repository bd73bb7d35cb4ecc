package org.imihub.routes.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.routes.exchange.RequestLifecycle.Action;
import org.imihub.routes.exchange.RequestLifecycle.Party;
import org.imihub.routes.exchange.RequestLifecycle.State;
import org.imihub.routes.exchange.RequestLifecycle.Step;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle table: every combination of state, action and party is either a row or a refusal.
 */
class RequestLifecycleTest {

  // Every (state, action, party) not in the table is refused: EXCHANGE_CLOSED in a final state,
  // LIFECYCLE_NOT_ALLOWED otherwise; no row is ambiguous; final states have no way out.
  @Test
  void everyCombinationIsDecidedOnce() {
    Set<String> rows = new HashSet<>();
    for (Step step : RequestLifecycle.TABLE) {
      assertThat(rows.add(step.from() + "/" + step.action() + "/" + step.by()))
          .as("one row each")
          .isTrue();
      assertThat(step.from() == null || !step.from().isFinal())
          .as("no way out of a final state")
          .isTrue();
    }
    for (State from : State.values()) {
      for (Action action : Action.values()) {
        for (Party by : Party.values()) {
          if (rows.contains(from + "/" + action + "/" + by)) {
            assertThat(RequestLifecycle.decide(from, action, by).to()).isNotNull();
          } else {
            ErrorCode expected =
                from.isFinal() ? ErrorCode.EXCHANGE_CLOSED : ErrorCode.LIFECYCLE_NOT_ALLOWED;
            assertThatThrownBy(() -> RequestLifecycle.decide(from, action, by))
                .isInstanceOfSatisfying(
                    HubException.class, e -> assertThat(e.code()).isEqualTo(expected));
          }
        }
      }
    }
  }

  // Only the requester opens an exchange, and only the responder answers.
  @Test
  void partiesHaveTheirOwnActions() {
    assertThat(RequestLifecycle.decide(null, Action.REQUEST, Party.REQUESTER).to())
        .isEqualTo(State.SENT);
    assertThatThrownBy(() -> RequestLifecycle.decide(null, Action.REQUEST, Party.RESPONDER))
        .isInstanceOf(HubException.class);
    assertThat(RequestLifecycle.decide(State.ACCEPTED, Action.ANSWER, Party.RESPONDER).to())
        .isEqualTo(State.ANSWERED);
    assertThatThrownBy(
            () -> RequestLifecycle.decide(State.ACCEPTED, Action.ANSWER, Party.REQUESTER))
        .isInstanceOf(HubException.class);
    assertThat(
            RequestLifecycle.decide(State.ANSWERED, Action.REQUEST_MORE_INFO, Party.REQUESTER).to())
        .isEqualTo(State.ACCEPTED);
  }
}
