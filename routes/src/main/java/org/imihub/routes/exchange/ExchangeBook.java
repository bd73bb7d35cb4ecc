package org.imihub.routes.exchange;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Exchange bookkeeping: the exchange a message belongs to, and one delivery row per recipient.
 * Every write is "insert if absent", so a redelivered inbound message changes nothing twice.
 */
@Component
public class ExchangeBook {
  /** v1 has no lifecycle yet: an exchange is open from its first message. */
  static final String OPEN = "OPEN";

  private final JdbcTemplate jdbc;
  private final Clock clock;

  public ExchangeBook(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * @return false if the message is not in the message table: its hand-off was reported to the
   *     sender as failed (and undone), so the sender resends it and this copy must not be delivered
   */
  public boolean recordMessage(
      String messageId,
      String exchangeId,
      String procedureCode,
      String sender,
      List<String> recipients) {
    Integer known =
        jdbc.queryForObject("select count(*) from message where id = ?", Integer.class, messageId);
    if (known == 0) {
      return false;
    }
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    insertIfAbsent(
        "insert into exchange (id, procedure_code, initiator, state, created_at, updated_at) values (?, ?, ?, ?, ?, ?)",
        exchangeId,
        procedureCode,
        sender,
        OPEN,
        now,
        now);
    for (String recipient : recipients) {
      insertIfAbsent(
          "insert into delivery (id, message_id, exchange_id, recipient, status, attempts, updated_at)"
              + " values (?, ?, ?, ?, 'QUEUED', 0, ?)",
          deliveryId(messageId, recipient),
          messageId,
          exchangeId,
          recipient,
          now);
    }
    return true;
  }

  /** Delivery ids are derived, so every node and every redelivery names a delivery the same way. */
  public static String deliveryId(String messageId, String recipient) {
    return messageId + "~" + recipient;
  }

  private void insertIfAbsent(String sql, Object... values) {
    try {
      jdbc.update(sql, values);
    } catch (DuplicateKeyException alreadyRecorded) {
      // an earlier attempt at this message got this far
    }
  }
}
