package org.imihub.connectors.operations;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.imihub.routes.delivery.DeliveryPauses;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.stereotype.Component;

/**
 * Pausing and resuming delivery to an authority ({@code /actuator/deliverypauses}): while paused,
 * its deliveries wait durably; on resume they go out. OPERATOR role; audited.
 */
@Component
@Endpoint(id = "deliverypauses")
public class DeliveryPausesEndpoint {
  private final DeliveryPauses pauses;

  public DeliveryPausesEndpoint(DeliveryPauses pauses) {
    this.pauses = pauses;
  }

  @ReadOperation
  public Map<String, List<String>> paused() {
    return Map.of("paused", pauses.paused());
  }

  /** {@code {"paused": true}} pauses delivery to the authority, {@code false} resumes it. */
  @WriteOperation
  public WebEndpointResponse<Object> setPaused(
      @Selector String authority, boolean paused, Principal operator) {
    return Operations.answer(
        () -> {
          if (paused) {
            pauses.pause(authority, operator.getName());
            return Map.of("paused", authority);
          }
          return Map.of(
              "resumed", authority, "released", pauses.resume(authority, operator.getName()));
        });
  }
}
