package org.imihub.routes.delivery;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.imihub.routes.HubHeaders;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.jms.support.JmsUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves and reads deliveries waiting on the broker (dead-lettered, paused): one broker transaction
 * per message, so none is lost or doubled on the way. Delivery messages carry ids only, so nothing
 * personal passes through here. Works against any JMS broker.
 */
@Component
public class DeliveryQueues {
  /** A delivery waiting on a queue, as the broker holds it. */
  public record Waiting(String deliveryId, String messageId, String recipient) {}

  private final JmsTemplate jms;
  private final TransactionTemplate transactions;

  public DeliveryQueues(JmsTemplate hubJmsTemplate, TransactionTemplate jmsTransactions) {
    this.jms = hubJmsTemplate;
    this.transactions = jmsTransactions;
  }

  /**
   * Moves the deliveries for {@code recipient} (all, if null; one, if {@code deliveryId}) from one
   * queue to another.
   */
  public List<String> move(String from, String to, String recipient, String deliveryId) {
    String selector = selector(recipient, deliveryId);
    List<String> moved = new ArrayList<>();
    while (true) {
      String one = transactions.execute(status -> moveOne(from, to, selector));
      if (one == null) {
        return moved;
      }
      moved.add(one);
    }
  }

  /** Takes one delivery off a queue for good; true if it was there. */
  public boolean remove(String queue, String deliveryId) {
    return Boolean.TRUE.equals(
        transactions.execute(
            status -> jms.receiveSelected(queue, selector(null, deliveryId)) != null));
  }

  public List<Waiting> browse(String queue) {
    return jms.browse(
        queue,
        (session, browser) -> {
          List<Waiting> waiting = new ArrayList<>();
          for (Object each : Collections.list(browser.getEnumeration())) {
            Message message = (Message) each;
            waiting.add(
                new Waiting(
                    message.getStringProperty(HubHeaders.DELIVERY_ID),
                    message.getStringProperty(HubHeaders.MESSAGE_ID),
                    message.getStringProperty(HubHeaders.RECIPIENT)));
          }
          return waiting;
        });
  }

  private String moveOne(String from, String to, String selector) {
    Message waiting = jms.receiveSelected(from, selector);
    if (waiting == null) {
      return null;
    }
    try {
      String deliveryId = waiting.getStringProperty(HubHeaders.DELIVERY_ID);
      jms.send(
          to,
          session -> {
            Message fresh = session.createTextMessage("");
            for (Enumeration<?> names = waiting.getPropertyNames(); names.hasMoreElements(); ) {
              String name = (String) names.nextElement();
              if (name.startsWith("imi")) {
                fresh.setObjectProperty(name, waiting.getObjectProperty(name));
              }
            }
            return fresh;
          });
      return deliveryId;
    } catch (JMSException e) {
      throw JmsUtils.convertJmsAccessException(e);
    }
  }

  /** Ids come from the directory or the ledger; quotes are doubled all the same. */
  private static String selector(String recipient, String deliveryId) {
    if (deliveryId != null) {
      return HubHeaders.DELIVERY_ID + " = '" + deliveryId.replace("'", "''") + "'";
    }
    return recipient == null
        ? null
        : HubHeaders.RECIPIENT + " = '" + recipient.replace("'", "''") + "'";
  }
}
