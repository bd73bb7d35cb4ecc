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
 * bookkeeping (insert if absent) makes the retry harmless.
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
    from("jms:queue:{{hub.queues.inbound}}").routeId("exchange-bookkeeping")
        .process(this::book).id("book-deliveries")
        .split(simple("${header." + HubHeaders.RECIPIENTS + "}"), ",").id("per-recipient")
          .process(this::addressTo).id("address-delivery")
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
    book.bookDeliveries(messageId, exchangeId, List.of(recipients.split(",")));
    log.info(
        "Message {} of exchange {}: deliveries queued for {}", messageId, exchangeId, recipients);
  }

  private void addressTo(Exchange exchange) {
    var message = exchange.getMessage();
    String recipient = message.getBody(String.class);
    message.setHeader(HubHeaders.RECIPIENT, recipient);
    message.setHeader(
        HubHeaders.DELIVERY_ID,
        ExchangeBook.deliveryId(message.getHeader(HubHeaders.MESSAGE_ID, String.class), recipient));
    // The delivery reads the signed original from the message table: a fan-out to many
    // recipients then holds one copy of the content, not one per recipient.
    message.setBody("");
  }
}
