package org.imihub.routes.delivery;

import jakarta.jms.Message;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import org.imihub.routes.HubHeaders;
import org.imihub.routes.HubProperties;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.jms.support.JmsUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Re-drives dead-lettered deliveries: moves them from the dead-letter queue back to the delivery
 * queue, one broker transaction per message, so none is lost or doubled on the way. Works against
 * any JMS broker, embedded or external.
 */
@Component
public class DeadLetters {
  private final JmsTemplate jms;
  private final TransactionTemplate transactions;
  private final DeliveryLedger ledger;
  private final HubProperties.Queues queues;

  public DeadLetters(
      JmsTemplate hubJmsTemplate,
      TransactionTemplate jmsTransactions,
      DeliveryLedger ledger,
      HubProperties properties) {
    this.jms = hubJmsTemplate;
    this.transactions = jmsTransactions;
    this.ledger = ledger;
    this.queues = properties.queues();
  }

  /**
   * Re-drives every dead letter for one recipient, or all when recipient is null; returns the
   * delivery ids.
   */
  public List<String> redrive(String recipient) {
    String selector =
        recipient == null
            ? null
            : HubHeaders.RECIPIENT + " = '" + recipient.replace("'", "''") + "'";
    List<String> moved = new ArrayList<>();
    while (true) {
      String deliveryId = transactions.execute(status -> moveOne(selector));
      if (deliveryId == null) {
        break;
      }
      moved.add(deliveryId);
    }
    ledger.requeued(moved);
    return moved;
  }

  private String moveOne(String selector) {
    Message dead = jms.receiveSelected(queues.deliveryDeadLetter(), selector);
    if (dead == null) {
      return null;
    }
    try {
      String deliveryId = dead.getStringProperty(HubHeaders.DELIVERY_ID);
      jms.send(
          queues.delivery(),
          session -> {
            Message fresh = session.createTextMessage("");
            for (Enumeration<?> names = dead.getPropertyNames(); names.hasMoreElements(); ) {
              String name = (String) names.nextElement();
              if (name.startsWith("imi")) {
                fresh.setObjectProperty(name, dead.getObjectProperty(name));
              }
            }
            return fresh;
          });
      return deliveryId;
    } catch (jakarta.jms.JMSException e) {
      throw JmsUtils.convertJmsAccessException(e);
    }
  }
}
