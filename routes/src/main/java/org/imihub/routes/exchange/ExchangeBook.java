package org.imihub.routes.exchange;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Exchange bookkeeping: the exchange a message belongs to, and one delivery row per
 * recipient. Every write is "insert if absent", so a redelivered inbound message changes
 * nothing twice.
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

  public void recordMessage(String messageId, String exchangeId, String procedureCode, String sender, List<String> recipients) {
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    insertIfAbsent("insert into exchange (id, procedure_code, initiator, state, created_at, updated_at) values (?, ?, ?, ?, ?, ?)",
        exchangeId, procedureCode, sender, OPEN, now, now);
    for (String recipient : recipients) {
      insertIfAbsent("insert into delivery (id, message_id, exchange_id, recipient, status, attempts, updated_at)"
              + " values (?, ?, ?, ?, 'QUEUED', 0, ?)",
          deliveryId(messageId, recipient), messageId, exchangeId, recipient, now);
    }
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
