package org.imihub.routes.delivery;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.imihub.routes.HubHeaders;
import org.imihub.routes.HubProperties;
import org.imihub.routes.exchange.ExchangeBook;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.jms.support.JmsUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The hub's delivery queue messages: puts a message's booked deliveries on the delivery queue, and
 * moves and reads those waiting (dead-lettered, paused), one broker transaction per moved message,
 * so none is lost or doubled on the way. A queue message carries ids only (message, delivery,
 * recipient); the documents stay in the database. Works against any JMS broker.
 */
@Component
public class DeliveryQueues {
  /** A delivery waiting on a queue, by its ids. */
  public record Waiting(String deliveryId, String messageId, String recipient) {}

  private final JmsTemplate jms;
  private final TransactionTemplate transactions;
  private final String deliveryQueue;

  public DeliveryQueues(
      JmsTemplate hubJmsTemplate, TransactionTemplate jmsTransactions, HubProperties properties) {
    this.jms = hubJmsTemplate;
    this.transactions = jmsTransactions;
    this.deliveryQueue = properties.queues().delivery();
  }

  /**
   * Puts one message per delivery on the delivery queue. Called inside the database transaction
   * that records the message and books these deliveries, after its statements: the transacted sends
   * commit right after that transaction does, never before, so the delivery route never sees a
   * delivery the database does not have.
   */
  public void enqueue(List<ExchangeBook.Order> orders) {
    for (ExchangeBook.Order order : orders) {
      jms.send(
          deliveryQueue,
          session -> {
            Message message = session.createMessage();
            message.setStringProperty(HubHeaders.MESSAGE_ID, order.messageId());
            message.setStringProperty(HubHeaders.DELIVERY_ID, order.deliveryId());
            message.setStringProperty(HubHeaders.RECIPIENT, order.recipient());
            return message;
          });
    }
  }

  /**
   * The messages for one recipient. Ids come from the directory or the ledger; quotes are doubled
   * all the same.
   */
  public static String recipientIs(String recipient) {
    return recipient == null
        ? null
        : HubHeaders.RECIPIENT + " = '" + recipient.replace("'", "''") + "'";
  }

  public static String deliveryIs(String deliveryId) {
    return HubHeaders.DELIVERY_ID + " = '" + deliveryId.replace("'", "''") + "'";
  }

  /** Moves the messages matching {@code selector} (all, if null) from one queue to another. */
  public List<Waiting> move(String from, String to, String selector) {
    List<Waiting> moved = new ArrayList<>();
    while (true) {
      Waiting one = transactions.execute(status -> moveOne(from, to, selector));
      if (one == null) {
        return moved;
      }
      moved.add(one);
    }
  }

  /** Takes one matching message off a queue for good; true if there was one. */
  public boolean remove(String queue, String selector) {
    return Boolean.TRUE.equals(
        transactions.execute(status -> jms.receiveSelected(queue, selector) != null));
  }

  public List<Waiting> browse(String queue) {
    return jms.browse(
        queue,
        (session, browser) -> {
          List<Waiting> waiting = new ArrayList<>();
          for (Object each : Collections.list(browser.getEnumeration())) {
            waiting.add(waiting((Message) each));
          }
          return waiting;
        });
  }

  private Waiting moveOne(String from, String to, String selector) {
    Message waiting = jms.receiveSelected(from, selector);
    if (waiting == null) {
      return null;
    }
    try {
      jms.send(
          to,
          session -> {
            Message fresh = session.createMessage();
            for (Enumeration<?> names = waiting.getPropertyNames(); names.hasMoreElements(); ) {
              String name = (String) names.nextElement();
              if (name.startsWith("imi")) {
                fresh.setObjectProperty(name, waiting.getObjectProperty(name));
              }
            }
            return fresh;
          });
      return waiting(waiting);
    } catch (JMSException e) {
      throw JmsUtils.convertJmsAccessException(e);
    }
  }

  private static Waiting waiting(Message message) throws JMSException {
    return new Waiting(
        message.getStringProperty(HubHeaders.DELIVERY_ID),
        message.getStringProperty(HubHeaders.MESSAGE_ID),
        message.getStringProperty(HubHeaders.RECIPIENT));
  }
}
