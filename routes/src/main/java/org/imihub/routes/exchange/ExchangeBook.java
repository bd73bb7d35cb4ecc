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
 * The delivery rows of a message: one per recipient. Booked in the transaction that records the
 * message (the hand-off, or the hub's own messages), so that the message, its step, its deliveries
 * and their queue messages (one per {@link Order}) are one commit. What is booked already is left
 * as is. A delivery's id says which message goes to whom, so it is the only key a delivery needs.
 */
@Component
public class ExchangeBook {
  /** One delivery to queue: which message goes to whom. */
  public record Order(String deliveryId, String messageId, String recipient) {}

  /**
   * What a message brings whom: itself to its recipients, and, when it passes the exchange on (a
   * dissemination or a forward), the exchange's opening message to those it is passed on to.
   *
   * @param openingMessageId null when nothing is passed on
   */
  public record Booking(
      String messageId, List<String> recipients, String openingMessageId, List<String> passedOnTo) {
    public Booking {
      recipients = List.copyOf(recipients);
      passedOnTo = openingMessageId == null ? List.of() : List.copyOf(passedOnTo);
    }

    public List<Order> orders() {
      List<Order> orders = new ArrayList<>();
      for (String recipient : recipients) {
        orders.add(new Order(deliveryId(messageId, recipient), messageId, recipient));
      }
      for (String recipient : passedOnTo) {
        orders.add(new Order(deliveryId(openingMessageId, recipient), openingMessageId, recipient));
      }
      return orders;
    }
  }

  private final JdbcTemplate jdbc;
  private final Clock clock;

  public ExchangeBook(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Books the deliveries of a message, in the caller's transaction (or one of its own). A
   * dissemination (of an alert) or a forward (of a request) also brings the new recipient the
   * message that opened the exchange, so it can read what was passed on to it; a forward's new
   * recipient is the exchange's responder, so the caller has applied the step first.
   */
  @Transactional
  public Booking bookDeliveries(
      String messageId, String messageType, String exchangeId, List<String> recipients) {
    List<String> passedOnTo =
        switch (messageType) {
          case "ALERT_DISSEMINATE" -> recipients;
          case "FORWARD" ->
              jdbc.queryForList(
                  "select responder from exchange where id = ?", String.class, exchangeId);
          default -> List.of();
        };
    String opening =
        passedOnTo.isEmpty()
            ? null
            : jdbc.queryForObject(
                "select message_id from exchange_event where exchange_id = ? order by seq fetch first 1 rows only",
                String.class,
                exchangeId);
    Booking booking = new Booking(messageId, recipients, opening, passedOnTo);
    List<Order> orders = booking.orders();
    if (orders.isEmpty()) {
      return booking;
    }
    // One batch for a fan-out to many; what was booked before (an opening message passed on to
    // someone who had it already) is left as is.
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
    return booking;
  }

  /** Delivery ids are derived, so every node and every redelivery names a delivery the same way. */
  public static String deliveryId(String messageId, String recipient) {
    return messageId + "~" + recipient;
  }
}
