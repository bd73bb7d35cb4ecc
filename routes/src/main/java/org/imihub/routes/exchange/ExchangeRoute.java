package org.imihub.routes.exchange;

import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.imihub.routes.HubHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * From the durable inbound queue to one durable delivery per recipient (ids only). The consumer is
 * transacted: the per-recipient messages are sent in the same broker transaction that takes the
 * inbound one, so a crash in between leaves the inbound message to be redelivered, and the
 * bookkeeping (insert if absent) makes the retry harmless. An alert to a thousand recipients is one
 * hand-off here and a thousand independent deliveries after it. Several consumers share the queue;
 * the ingest puts each exchange's messages in one message group, so the broker gives them to one
 * consumer at a time, in order.
 */
@Component
public class ExchangeRoute extends RouteBuilder {
  private static final Logger log = LoggerFactory.getLogger(ExchangeRoute.class);

  private final ExchangeBook book;

  public ExchangeRoute(ExchangeBook book) {
    this.book = book;
  }

  @Override
  public void configure() {
    // spotless:off
    from("jms:queue:{{hub.queues.inbound}}?concurrentConsumers={{hub.bookkeeping.consumers}}")
        .routeId("exchange-bookkeeping")
        .process(this::book).id("book-deliveries")
        .split(body()).id("per-recipient")
          .process(this::address).id("address-delivery")
          .to("jms:queue:{{hub.queues.delivery}}").id("enqueue-delivery")
        .end();
    // spotless:on
  }

  private void book(Exchange exchange) {
    var message = exchange.getMessage();
    message.removeHeaders("*", HubHeaders.ALL);
    String messageId = message.getHeader(HubHeaders.MESSAGE_ID, String.class);
    String exchangeId = message.getHeader(HubHeaders.EXCHANGE_ID, String.class);
    String recipients = message.getHeader(HubHeaders.RECIPIENTS, String.class);
    List<ExchangeBook.Order> orders =
        book.bookDeliveries(
            messageId,
            message.getHeader(HubHeaders.MESSAGE_TYPE, String.class),
            exchangeId,
            List.of(recipients.split(",")));
    log.info(
        "Message {} of exchange {}: {} deliveries queued", messageId, exchangeId, orders.size());
    message.setBody(orders);
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
