package org.imihub.routes.delivery;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.imihub.routes.HubHeaders;
import org.springframework.stereotype.Component;

/**
 * From the durable delivery queue to each recipient's connector. The consumer is transacted: a
 * failed attempt is recorded, then rolled back, and the broker redelivers it with the back-off and
 * attempt limit declared in config/broker.xml, then dead-letters it. Deliveries to a recipient an
 * operator paused wait on the paused queue instead.
 */
@Component
public class DeliveryRoute extends RouteBuilder {
  private final Deliveries deliveries;
  private final DeliveryPauses pauses;
  private final DeliveryLedger ledger;

  public DeliveryRoute(Deliveries deliveries, DeliveryPauses pauses, DeliveryLedger ledger) {
    this.deliveries = deliveries;
    this.pauses = pauses;
    this.ledger = ledger;
  }

  @Override
  public void configure() {
    // spotless:off
    from("jms:queue:{{hub.queues.delivery}}?concurrentConsumers={{hub.delivery.consumers}}")
        .routeId("delivery")
        .autoStartup("{{hub.delivery.enabled}}")
        .onException(Exception.class)
          .process(deliveries::recordFailure).id("record-failed-attempt")
          // recordFailure has logged it with its cause; the broker takes it from here
          .logExhausted(false)
          .handled(false)
        .end()
        .choice()
          .when(this::recipientPaused)
            .process(this::holdBack).id("hold-back-paused")
            .to("jms:queue:{{hub.queues.delivery-paused}}").id("wait-while-paused")
          .otherwise()
            .process(deliveries::deliver).id("deliver-to-connector")
        .end();
    // spotless:on
  }

  private boolean recipientPaused(Exchange exchange) {
    return pauses.isPaused(exchange.getMessage().getHeader(HubHeaders.RECIPIENT, String.class));
  }

  private void holdBack(Exchange exchange) {
    exchange.getMessage().removeHeaders("*", HubHeaders.ALL);
    ledger.paused(exchange.getMessage().getHeader(HubHeaders.DELIVERY_ID, String.class));
  }
}
