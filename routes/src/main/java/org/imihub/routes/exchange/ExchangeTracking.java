package org.imihub.routes.exchange;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imihub.contract.hub.v1.DeliveryStatusType;
import org.imihub.contract.hub.v1.Exchange;
import org.imihub.routes.ingest.MessageLedger;
import org.imihub.routes.ingest.ReceiptIssuer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The tracking view of an exchange: its state, its messages and each recipient's delivery. Only the
 * authorities involved see it; for anyone else it does not exist.
 */
@Component
public class ExchangeTracking {
  private final JdbcTemplate jdbc;
  private final MessageLedger messages;

  public ExchangeTracking(JdbcTemplate jdbc, MessageLedger messages) {
    this.jdbc = jdbc;
    this.messages = messages;
  }

  public Optional<Exchange> find(String exchangeId, String caller) {
    if (!involved(exchangeId, caller)) {
      return Optional.empty();
    }
    List<Exchange> found =
        jdbc.query(
            "select * from exchange where id = ?",
            (rs, i) -> {
              Exchange exchange = new Exchange();
              exchange.setExchangeId(rs.getString("id"));
              exchange.setProcedureCode(rs.getString("procedure_code"));
              exchange.setInitiator(rs.getString("initiator"));
              exchange.setState(rs.getString("state"));
              exchange.setCreatedAt(time(rs, "created_at"));
              return exchange;
            },
            exchangeId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Exchange exchange = found.get(0);
    Map<String, Exchange.Message> messages = new LinkedHashMap<>();
    jdbc.query(
        "select m.id, m.message_type, m.sender, m.received_at, d.recipient, d.status, d.attempts, d.updated_at,"
            + " d.last_error from message m join delivery d on d.message_id = m.id where m.exchange_id = ?"
            + " order by m.received_at, m.id, d.recipient",
        rs -> {
          Exchange.Message message =
              messages.computeIfAbsent(rs.getString("id"), id -> new Exchange.Message());
          if (message.getMessageId() == null) {
            message.setMessageId(rs.getString("id"));
            message.setMessageType(rs.getString("message_type"));
            message.setSender(rs.getString("sender"));
            message.setReceivedAt(time(rs, "received_at"));
          }
          Exchange.Message.Delivery delivery = new Exchange.Message.Delivery();
          delivery.setRecipient(rs.getString("recipient"));
          delivery.setStatus(DeliveryStatusType.fromValue(rs.getString("status")));
          delivery.setAttempts(rs.getInt("attempts"));
          delivery.setUpdatedAt(time(rs, "updated_at"));
          delivery.setLastError(causeOnly(rs.getString("last_error")));
          message.getDelivery().add(delivery);
        },
        exchangeId);
    exchange.getMessage().addAll(messages.values());
    return Optional.of(exchange);
  }

  /** The same rule ingest applies to who may add to an exchange: its senders and recipients. */
  private boolean involved(String exchangeId, String caller) {
    return messages
        .exchange(exchangeId)
        .map(facts -> facts.parties().contains(caller))
        .orElse(false);
  }

  /**
   * The parties see why a delivery is late (CONNECTION_REFUSED, TIMEOUT, HTTP_STATUS, ...), not the
   * details, which name the other side's endpoints; operators see those.
   */
  static String causeOnly(String lastError) {
    if (lastError == null) {
      return null;
    }
    int colon = lastError.indexOf(':');
    String cause = colon < 0 ? lastError : lastError.substring(0, colon);
    return cause.matches("[A-Z_]+") ? cause : "INTERNAL_ERROR";
  }

  private static javax.xml.datatype.XMLGregorianCalendar time(ResultSet rs, String column)
      throws SQLException {
    return ReceiptIssuer.xmlTime(rs.getObject(column, OffsetDateTime.class).toInstant());
  }
}
