package org.imihub.routes.ingest;

import jakarta.jms.Message;
import org.imihub.routes.HubHeaders;
import org.imihub.routes.HubProperties;
import org.imihub.routes.exchange.ExchangeBook;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * Puts a recorded message on the durable inbound queue: its routing facts and its booked
 * deliveries, nothing else. The document stays in the message table, where the delivery reads it;
 * carrying it here too wrote every message into the broker's journal a second time (a 3 MB
 * attachment as a large-message file). Called inside the database transaction that records the
 * message and books its deliveries, the transacted send commits right after that transaction does,
 * never before.
 */
@Component
public class InboundQueue {
  /** What the exchange route needs to address the deliveries booked with the message. */
  public record Entry(
      String exchangeId,
      String sender,
      ExchangeBook.Booking booking,
      String messageType,
      String procedureCode) {}

  private final JmsTemplate jms;
  private final String queue;

  public InboundQueue(JmsTemplate hubJmsTemplate, HubProperties properties) {
    this.jms = hubJmsTemplate;
    this.queue = properties.queues().inbound();
  }

  public void send(Entry entry) {
    jms.send(
        queue,
        session -> {
          Message message = session.createMessage();
          ExchangeBook.Booking booking = entry.booking();
          message.setStringProperty(HubHeaders.MESSAGE_ID, booking.messageId());
          message.setStringProperty(HubHeaders.EXCHANGE_ID, entry.exchangeId());
          // One exchange's messages are queued for delivery one at a time and in order, across
          // consumers.
          message.setStringProperty("JMSXGroupID", entry.exchangeId());
          message.setStringProperty(HubHeaders.SENDER, entry.sender());
          message.setStringProperty(HubHeaders.RECIPIENTS, String.join(",", booking.recipients()));
          if (booking.openingMessageId() != null) {
            message.setStringProperty(HubHeaders.OPENING_MESSAGE_ID, booking.openingMessageId());
            message.setStringProperty(
                HubHeaders.PASSED_ON_TO, String.join(",", booking.passedOnTo()));
          }
          message.setStringProperty(HubHeaders.MESSAGE_TYPE, entry.messageType());
          message.setStringProperty(HubHeaders.PROCEDURE_CODE, entry.procedureCode());
          return message;
        });
  }
}
