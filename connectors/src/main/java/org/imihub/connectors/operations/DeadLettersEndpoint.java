package org.imihub.connectors.operations;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.imihub.routes.delivery.DeadLetters;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

/**
 * Dead letters for operators, on the management port ({@code /actuator/deadletters}) and over JMX:
 * dead-lettered deliveries with their last error; re-drive them, or discard one with a reason.
 * Changes need the OPERATOR role and are audited with the operator's name.
 */
@Component
@Endpoint(id = "deadletters")
public class DeadLettersEndpoint {
  private final DeadLetters deadLetters;

  public DeadLettersEndpoint(DeadLetters deadLetters) {
    this.deadLetters = deadLetters;
  }

  @ReadOperation
  public Map<String, List<?>> deadLetters() {
    return Map.of("deliveries", deadLetters.deliveries());
  }

  /** Re-drives deliveries: one {@code deliveryId}, one {@code recipient}'s, or with neither all. */
  @WriteOperation
  public WebEndpointResponse<Object> redrive(
      @Nullable String recipient, @Nullable String deliveryId, Principal operator) {
    return Operations.answer(
        () -> Map.of("redriven", deadLetters.redrive(recipient, deliveryId, operator.getName())));
  }

  /** Discards a dead-lettered delivery (id message~recipient). */
  @DeleteOperation
  public WebEndpointResponse<Object> discard(
      @Selector String id, @Nullable String reason, Principal operator) {
    return Operations.answer(
        () -> {
          deadLetters.discard(id, reason, operator.getName());
          return Map.of("discarded", id);
        });
  }
}
