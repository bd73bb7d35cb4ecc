package org.imihub.routes.ingest;

import jakarta.jms.Message;
import java.util.List;
import org.imihub.routes.HubHeaders;
import org.imihub.routes.HubProperties;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * Puts a recorded message on the durable inbound queue: its routing facts only. The document stays
 * in the message table, where the delivery reads it; carrying it here too wrote every message into
 * the broker's journal a second time (a 3 MB attachment as a large-message file). Called inside the
 * database transaction that records the message, the transacted send commits right after that
 * transaction does, never before.
 */
@Component
public class InboundQueue {
  /** What the exchange route needs to book and address the deliveries. */
  public record Entry(
      String messageId,
      String exchangeId,
      String sender,
      List<String> recipients,
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
          message.setStringProperty(HubHeaders.MESSAGE_ID, entry.messageId());
          message.setStringProperty(HubHeaders.EXCHANGE_ID, entry.exchangeId());
          // One exchange's steps are booked one at a time and in order, across consumers.
          message.setStringProperty("JMSXGroupID", entry.exchangeId());
          message.setStringProperty(HubHeaders.SENDER, entry.sender());
          message.setStringProperty(HubHeaders.RECIPIENTS, String.join(",", entry.recipients()));
          message.setStringProperty(HubHeaders.MESSAGE_TYPE, entry.messageType());
          message.setStringProperty(HubHeaders.PROCEDURE_CODE, entry.procedureCode());
          return message;
        });
  }
}
