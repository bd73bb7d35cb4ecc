package org.imihub.routes.exchange;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.imihub.contract.hub.v1.DeliveryStatusType;
import org.imihub.contract.hub.v1.Exchange;
import org.imihub.routes.ingest.ReceiptIssuer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The tracking view of an exchange: its state, every step with time and actor, its messages and
 * each recipient's delivery. Only the requester and the responder see it; for anyone else it does
 * not exist.
 */
@Component
public class ExchangeTracking {
  private final JdbcTemplate jdbc;
  private final ExchangeStore exchanges;

  public ExchangeTracking(JdbcTemplate jdbc, ExchangeStore exchanges) {
    this.jdbc = jdbc;
    this.exchanges = exchanges;
  }

  /** The exchange as {@code caller} may see it: only its requester and responder see it at all. */
  public Optional<Exchange> find(String exchangeId, String caller) {
    Optional<ExchangeRecord> record =
        exchanges.find(exchangeId).filter(found -> exchanges.takesPart(found, caller));
    if (record.isEmpty()) {
      return Optional.empty();
    }
    ExchangeRecord found = record.get();
    Exchange exchange = new Exchange();
    exchange.setExchangeId(found.id());
    exchange.setProcedureCode(found.procedureCode());
    exchange.setRequester(found.requester());
    exchange.setKind(found.kind().name());
    exchange.setLinkedTo(found.linkedTo());
    exchange.getLinked().addAll(exchanges.linkedFrom(exchangeId));
    exchange.setResponder(found.responder());
    exchange.setState(found.state());
    exchange.setReplyBy(date(found.replyBy()));
    exchange.setProposedReplyBy(date(found.proposedReplyBy()));
    exchange.setProposedBy(found.proposedBy());
    for (ExchangeStore.Event event : exchanges.events(exchangeId)) {
      Exchange.Event step = new Exchange.Event();
      step.setMessageId(event.messageId());
      step.setAction(event.action());
      step.setActor(event.actor());
      step.setFrom(event.from());
      step.setTo(event.to());
      step.setAt(ReceiptIssuer.xmlTime(event.at()));
      exchange.getEvent().add(step);
    }
    exchange.setCreatedAt(
        exchange.getEvent().isEmpty() ? null : exchange.getEvent().get(0).getAt());
    // The requester and responder of a request, and an alert's author, see every delivery; an
    // alert's recipient sees what was sent to it and what it sent.
    boolean seesAll = caller.equals(found.requester()) || caller.equals(found.responder());
    if (seesAll) {
      exchange.getMember().addAll(exchanges.members(exchangeId));
    }
    Map<String, Exchange.Message> messages = new LinkedHashMap<>();
    jdbc.query(
        // Through the exchange's events: each message has one, and they are indexed by exchange.
        "select m.id, m.message_type, m.sender, m.received_at, d.recipient, d.status, d.attempts, d.updated_at,"
            + " d.last_error from exchange_event e join message m on m.id = e.message_id"
            + " join delivery d on d.message_id = m.id where e.exchange_id = ?"
            + " order by m.received_at, m.id, d.recipient",
        rs -> {
          if (!seesAll
              && !caller.equals(rs.getString("recipient"))
              && !caller.equals(rs.getString("sender"))) {
            return;
          }
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

  private static javax.xml.datatype.XMLGregorianCalendar date(java.time.LocalDate date) {
    return date == null
        ? null
        : javax.xml.datatype.DatatypeFactory.newDefaultInstance()
            .newXMLGregorianCalendar(date.toString());
  }

  private static javax.xml.datatype.XMLGregorianCalendar time(ResultSet rs, String column)
      throws SQLException {
    return ReceiptIssuer.xmlTime(rs.getObject(column, OffsetDateTime.class).toInstant());
  }
}
