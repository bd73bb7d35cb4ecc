package org.imihub.routes.exchange;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Bookkeeping after the hand-off: one delivery row per recipient of a message. What is booked
 * already is left as is, so a redelivered inbound message books nothing twice. (The exchange itself
 * and its step were recorded with the message, at ingest.)
 */
@Component
public class ExchangeBook {
  /** One delivery to queue: which message goes to whom. */
  public record Order(String deliveryId, String messageId, String recipient) {}

  private final JdbcTemplate jdbc;
  private final Clock clock;

  public ExchangeBook(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Books the deliveries of a message. A dissemination (of an alert) or a forward (of a request)
   * also brings the new recipient the message that opened the exchange, so it can read what was
   * passed on to it. One transaction: one commit, which is one write to the database file.
   */
  @Transactional
  public List<Order> bookDeliveries(
      String messageId, String messageType, String exchangeId, List<String> recipients) {
    List<Order> orders = new ArrayList<>();
    for (String recipient : recipients) {
      orders.add(new Order(deliveryId(messageId, recipient), messageId, recipient));
    }
    List<String> passedOnTo =
        switch (messageType) {
          case "ALERT_DISSEMINATE" -> recipients;
          case "FORWARD" ->
              jdbc.queryForList(
                  "select responder from exchange where id = ?", String.class, exchangeId);
          default -> List.of();
        };
    if (!passedOnTo.isEmpty()) {
      String opening =
          jdbc.queryForObject(
              "select message_id from exchange_event where exchange_id = ? order by seq fetch first 1 rows only",
              String.class,
              exchangeId);
      for (String recipient : passedOnTo) {
        orders.add(new Order(deliveryId(opening, recipient), opening, recipient));
      }
    }
    if (orders.isEmpty()) {
      return orders;
    }
    // One batch for a fan-out to many; what an earlier attempt at this message booked is left as
    // is.
    Set<String> booked =
        new HashSet<>(
            jdbc.queryForList(
                "select id from delivery where exchange_id = ? and message_id in (?, ?)",
                String.class,
                exchangeId,
                messageId,
                orders.get(orders.size() - 1).messageId()));
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    jdbc.batchUpdate(
        "insert into delivery (id, message_id, exchange_id, recipient, status, attempts, updated_at)"
            + " values (?, ?, ?, ?, 'QUEUED', 0, ?)",
        orders.stream()
            .filter(order -> !booked.contains(order.deliveryId()))
            .map(
                order ->
                    new Object[] {
                      order.deliveryId(), order.messageId(), exchangeId, order.recipient(), now
                    })
            .toList());
    return orders;
  }

  /** Delivery ids are derived, so every node and every redelivery names a delivery the same way. */
  public static String deliveryId(String messageId, String recipient) {
    return messageId + "~" + recipient;
  }
}
