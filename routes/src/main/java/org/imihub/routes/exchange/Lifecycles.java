package org.imihub.routes.exchange;

import java.util.List;
import java.util.function.Predicate;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;

/** What the request's and the alert's lifecycle tables share: looking a step up, or refusing it. */
final class Lifecycles {
  private Lifecycles() {}

  /**
   * The first row of {@code table} that {@code matches}.
   *
   * @param inFinalState whether the exchange is closed already (then EXCHANGE_CLOSED)
   * @param refusal what to say when the step is not in the table (LIFECYCLE_NOT_ALLOWED)
   */
  static <R> R decide(
      List<R> table,
      Predicate<R> matches,
      boolean inFinalState,
      String finalState,
      String refusal) {
    return table.stream()
        .filter(matches)
        .findFirst()
        .orElseThrow(
            () ->
                inFinalState
                    ? new HubException(
                        ErrorCode.EXCHANGE_CLOSED,
                        "The exchange is " + finalState + "; nothing more can happen in it.")
                    : new HubException(ErrorCode.LIFECYCLE_NOT_ALLOWED, refusal));
  }
}
