package org.imihub.routes.testsupport;

import java.time.Duration;
import org.imihub.routes.HubProperties;
import org.springframework.util.unit.DataSize;

/**
 * The hub's settings for tests that build its parts by hand, as config/application.yml has them.
 */
public final class HubTestProperties {
  private HubTestProperties() {}

  /** The demo configuration's settings, with the delivery settings the test needs. */
  public static HubProperties withDelivery(HubProperties.Delivery delivery) {
    return new HubProperties(
        "EU-IMI-HUB",
        null,
        null,
        "../config/procedures",
        "../config/dialects",
        new HubProperties.Ingest(DataSize.ofMegabytes(10), 1000, Duration.ofSeconds(10)),
        new HubProperties.Queues("hub.delivery", "hub.delivery.dlq", "hub.delivery.paused"),
        delivery,
        null,
        new HubProperties.Database(1, Duration.ofMillis(250)));
  }
}
