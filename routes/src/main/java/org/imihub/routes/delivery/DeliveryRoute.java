package org.imihub.routes.delivery;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * From the durable delivery queue to each recipient's connector. The consumer is transacted: a
 * failed attempt is recorded, then rolled back, and the broker redelivers it with the back-off and
 * attempt limit declared in config/broker.xml, then dead-letters it.
 */
@Component
public class DeliveryRoute extends RouteBuilder {
  private final Deliveries deliveries;

  public DeliveryRoute(Deliveries deliveries) {
    this.deliveries = deliveries;
  }

  @Override
  public void configure() {
    from("jms:queue:{{hub.queues.delivery}}?concurrentConsumers={{hub.delivery.consumers}}")
        .routeId("delivery")
        .autoStartup("{{hub.delivery.enabled}}")
        .onException(Exception.class)
        .process(deliveries::recordFailure)
        .id("record-failed-attempt")
        // recordFailure has logged it with its cause; the broker takes it from here
        .logExhausted(false)
        .handled(false)
        .end()
        .process(deliveries::deliver)
        .id("deliver-to-connector");
  }
}
