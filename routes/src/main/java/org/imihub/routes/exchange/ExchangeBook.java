package org.imihub.routes.exchange;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Bookkeeping after the hand-off: one delivery row per recipient of a message. Insert if absent, so
 * a redelivered inbound message books nothing twice. (The exchange itself and its lifecycle step
 * were recorded with the message, at ingest.)
 */
@Component
public class ExchangeBook {
  private final JdbcTemplate jdbc;
  private final Clock clock;

  public ExchangeBook(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  public void bookDeliveries(String messageId, String exchangeId, List<String> recipients) {
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    for (String recipient : recipients) {
      try {
        jdbc.update(
            "insert into delivery (id, message_id, exchange_id, recipient, status, attempts, updated_at)"
                + " values (?, ?, ?, ?, 'QUEUED', 0, ?)",
            deliveryId(messageId, recipient),
            messageId,
            exchangeId,
            recipient,
            now);
      } catch (DuplicateKeyException alreadyBooked) {
        // an earlier attempt at this message got this far
      }
    }
  }

  /** Delivery ids are derived, so every node and every redelivery names a delivery the same way. */
  public static String deliveryId(String messageId, String recipient) {
    return messageId + "~" + recipient;
  }
}
