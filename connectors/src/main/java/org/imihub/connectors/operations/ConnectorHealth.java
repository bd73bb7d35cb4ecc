package org.imihub.connectors.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.imihub.routes.HubProperties;
import org.imihub.routes.delivery.DeliveryConnector;
import org.imihub.routes.delivery.DeliveryConnector.Reachability;
import org.imihub.routes.directory.Authority;
import org.imihub.routes.directory.ConnectorType;
import org.imihub.routes.directory.Directory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * Health of the connectors that push ({@code /actuator/health/connectors}): each webhook back
 * office, reachable or not and why (refused, timeout, TLS, HTTP status), never a generic error. A
 * back office that is down makes the hub DEGRADED, not DOWN: the hub itself still works. Probing
 * every endpoint takes time, so a result is reused for hub.delivery.health-check-interval.
 */
@Component("connectors")
public class ConnectorHealth implements HealthIndicator {
  static final Status DEGRADED = new Status("DEGRADED", "A back office cannot be reached");

  private final Directory directory;
  private final Map<ConnectorType, DeliveryConnector> connectors;
  private final Duration interval;
  private final Clock clock;
  private volatile Health last;
  private volatile Instant lastAt = Instant.MIN;

  public ConnectorHealth(
      Directory directory,
      List<DeliveryConnector> connectors,
      HubProperties properties,
      Clock clock) {
    this.directory = directory;
    this.connectors =
        connectors.stream().collect(Collectors.toMap(DeliveryConnector::type, Function.identity()));
    this.interval = properties.delivery().healthCheckInterval();
    this.clock = clock;
  }

  @Override
  public Health health() {
    Instant now = clock.instant();
    if (last == null || !now.isBefore(lastAt.plus(interval))) {
      last = probe();
      lastAt = now;
    }
    return last;
  }

  private Health probe() {
    Map<String, Object> details = new LinkedHashMap<>();
    boolean allReachable = true;
    for (Authority authority : directory.reachedBy(ConnectorType.WEBHOOK)) {
      Reachability reachability = connectors.get(ConnectorType.WEBHOOK).check(authority);
      allReachable &= reachability.reachable();
      details.put(
          authority.id(),
          reachability.reachable()
              ? Map.of("status", "UP", "endpoint", authority.endpoint().toString())
              : Map.of(
                  "status",
                  "DOWN",
                  "cause",
                  reachability.cause(),
                  "detail",
                  reachability.detail()));
    }
    return Health.status(allReachable ? Status.UP : DEGRADED).withDetails(details).build();
  }
}
