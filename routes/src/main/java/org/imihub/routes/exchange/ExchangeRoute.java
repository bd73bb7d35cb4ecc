package org.imihub.routes.exchange;

import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.imihub.routes.HubHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * From the durable inbound queue to one durable delivery message per recipient (ids only). The
 * deliveries were booked with the message, in its commit; the inbound message carries what was
 * booked ({@link ExchangeBook.Booking}), so this route touches no database. The consumer is
 * transacted: the per-recipient messages are sent in the same broker transaction that takes the
 * inbound one, so a crash in between leaves the inbound message to be redelivered and sent again
 * whole. An alert to a thousand recipients is one hand-off here and a thousand independent
 * deliveries after it. Several consumers share the queue; the ingest puts each exchange's messages
 * in one message group, so the broker gives them to one consumer at a time, in order.
 */
@Component
public class ExchangeRoute extends RouteBuilder {
  private static final Logger log = LoggerFactory.getLogger(ExchangeRoute.class);

  @Override
  public void configure() {
    // spotless:off
    from("jms:queue:{{hub.queues.inbound}}?concurrentConsumers={{hub.bookkeeping.consumers}}")
        .routeId("exchange-bookkeeping")
        .process(this::ordersBooked).id("orders-from-booking")
        .split(body()).id("per-recipient")
          .process(this::address).id("address-delivery")
          .to("jms:queue:{{hub.queues.delivery}}").id("enqueue-delivery")
        .end();
    // spotless:on
  }

  private void ordersBooked(Exchange exchange) {
    var message = exchange.getMessage();
    message.removeHeaders("*", HubHeaders.ALL);
    String messageId = message.getHeader(HubHeaders.MESSAGE_ID, String.class);
    String exchangeId = message.getHeader(HubHeaders.EXCHANGE_ID, String.class);
    if (messageId == null || exchangeId == null) {
      // Not put there by the hub: the broker retries it, then dead-letters it for an operator.
      throw new IllegalStateException("an inbound message without its message or exchange id");
    }
    List<ExchangeBook.Order> orders =
        new ExchangeBook.Booking(
                messageId,
                ids(message.getHeader(HubHeaders.RECIPIENTS, String.class)),
                message.getHeader(HubHeaders.OPENING_MESSAGE_ID, String.class),
                ids(message.getHeader(HubHeaders.PASSED_ON_TO, String.class)))
            .orders();
    log.info(
        "Message {} of exchange {}: {} deliveries queued", messageId, exchangeId, orders.size());
    message.setBody(orders);
  }

  private static List<String> ids(String commaSeparated) {
    return commaSeparated == null || commaSeparated.isEmpty()
        ? List.of()
        : List.of(commaSeparated.split(","));
  }

  /**
   * Each delivery message carries ids only: the delivery reads the signed original from the message
   * table.
   */
  private void address(Exchange exchange) {
    var message = exchange.getMessage();
    ExchangeBook.Order order = message.getBody(ExchangeBook.Order.class);
    message.setHeader(HubHeaders.MESSAGE_ID, order.messageId());
    message.setHeader(HubHeaders.RECIPIENT, order.recipient());
    message.setHeader(HubHeaders.DELIVERY_ID, order.deliveryId());
    message.setBody("");
  }
}
