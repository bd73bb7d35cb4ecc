package org.imihub.routes.exchange;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The exchange table, its members and its events. Changes go through {@link #open} and {@link
 * #change}, each with the event that caused it; a change made meanwhile by another message is
 * detected by the version and refused, never overwritten.
 */
@Component
public class ExchangeStore {
  /** One step of an exchange, for tracking. */
  public record Event(
      String messageId, String action, String actor, String from, String to, Instant at) {}

  private final JdbcTemplate jdbc;

  public ExchangeStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<ExchangeRecord> find(String exchangeId) {
    return jdbc
        .query("select * from exchange where id = ?", ExchangeStore::record, exchangeId)
        .stream()
        .findFirst();
  }

  /**
   * The requests still going on (not closed, declined or withdrawn) that the deadline watch should
   * look at by {@code now}: changed since its last look, or with a notice that may have fallen due.
   */
  public List<ExchangeRecord> requestsToWatch(Instant now) {
    return jdbc.query(
        "select * from exchange where watch_from <= ? and kind = 'REQUEST'"
            + " and state not in ('CLOSED', 'DECLINED', 'WITHDRAWN') order by watch_from",
        ExchangeStore::record,
        OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
  }

  /** When the deadline watch looks at a request next; null: never, unless it changes. */
  public record NextLook(ExchangeRecord exchange, Instant at) {}

  /**
   * Records when the watch looks at each request next. Only at the version the watch read: a
   * request that changed meanwhile keeps the look its change asked for.
   */
  public void watchNext(List<NextLook> looks) {
    jdbc.batchUpdate(
        "update exchange set watch_from = ? where id = ? and version = ?",
        looks.stream()
            .map(
                look ->
                    new Object[] {
                      look.at() == null
                          ? null
                          : OffsetDateTime.ofInstant(look.at(), ZoneOffset.UTC),
                      look.exchange().id(),
                      look.exchange().version()
                    })
            .toList());
  }

  /**
   * Asks the watch to look at every ongoing request again (at start: the deadline settings may have
   * changed since the looks were planned).
   */
  public int watchAllAgain(Instant now) {
    return jdbc.update(
        "update exchange set watch_from = ? where kind = 'REQUEST'"
            + " and state not in ('CLOSED', 'DECLINED', 'WITHDRAWN')",
        OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
  }

  /**
   * Whether {@code authority} takes part: requester or responder of a request, author or member of
   * an alert.
   */
  public boolean takesPart(ExchangeRecord exchange, String authority) {
    return authority.equals(exchange.requester())
        || authority.equals(exchange.responder())
        || members(exchange.id()).contains(authority);
  }

  /** The requests split off {@code exchangeId}. */
  public List<String> linkedFrom(String exchangeId) {
    return jdbc.queryForList(
        "select id from exchange where linked_to = ? order by created_at",
        String.class,
        exchangeId);
  }

  /** An alert's recipients: those its audience resolved to and those it was disseminated to. */
  public List<String> members(String exchangeId) {
    return jdbc.queryForList(
        "select authority_id from exchange_member where exchange_id = ? order by authority_id",
        String.class,
        exchangeId);
  }

  public void addMembers(String exchangeId, List<String> authorities, String messageId) {
    jdbc.batchUpdate(
        "insert into exchange_member (exchange_id, authority_id, added_by) values (?, ?, ?)",
        authorities.stream()
            .map(authority -> new Object[] {exchangeId, authority, messageId})
            .toList());
  }

  /**
   * Records a new exchange, opened by {@code messageId}; the deadline watch looks at it at {@code
   * watchFrom} (null: never, unless it changes).
   */
  public void open(
      ExchangeRecord exchange, String messageId, String action, Instant at, Instant watchFrom) {
    OffsetDateTime now = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    jdbc.update(
        "insert into exchange (id, kind, procedure_code, requester, responder, state, reply_by, created_at,"
            + " updated_at, version, linked_to, watch_from) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
        exchange.id(),
        exchange.kind().name(),
        exchange.procedureCode(),
        exchange.requester(),
        exchange.responder(),
        exchange.state(),
        date(exchange.replyBy()),
        now,
        now,
        exchange.linkedTo(),
        timestamp(watchFrom));
    event(exchange.id(), 0, messageId, action, exchange.requester(), null, exchange.state(), at);
  }

  /**
   * Moves an exchange from {@code before} to {@code after} because of {@code messageId}; the
   * deadline watch looks at it at {@code watchFrom} (null: never, unless it changes again).
   *
   * @throws HubException EXCHANGE_CONFLICT if another message changed the exchange meanwhile
   */
  public void change(
      ExchangeRecord before,
      ExchangeRecord after,
      String messageId,
      String action,
      String actor,
      Instant at,
      Instant watchFrom) {
    int changed =
        jdbc.update(
            "update exchange set state = ?, responder = ?, reply_by = ?, proposed_reply_by = ?, proposed_by = ?,"
                + " updated_at = ?, version = ?, watch_from = ? where id = ? and version = ?",
            after.state(),
            after.responder(),
            date(after.replyBy()),
            date(after.proposedReplyBy()),
            after.proposedBy(),
            OffsetDateTime.ofInstant(at, ZoneOffset.UTC),
            after.version(),
            timestamp(watchFrom),
            before.id(),
            before.version());
    if (changed != 1) {
      throw new HubException(
          ErrorCode.EXCHANGE_CONFLICT,
          "Exchange "
              + before.id()
              + " changed while this message was checked; look at it again and resend.");
    }
    event(
        before.id(), after.version(), messageId, action, actor, before.state(), after.state(), at);
  }

  private static OffsetDateTime timestamp(Instant at) {
    return at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }

  /** Records a step that leaves the exchange as it is: a notice of the hub's. */
  public void note(
      ExchangeRecord exchange, String messageId, String action, String actor, Instant at) {
    event(
        exchange.id(),
        exchange.version(),
        messageId,
        action,
        actor,
        exchange.state(),
        exchange.state(),
        at);
  }

  public List<Event> events(String exchangeId) {
    return jdbc.query(
        "select * from exchange_event where exchange_id = ? order by seq",
        (rs, i) ->
            new Event(
                rs.getString("message_id"),
                rs.getString("action"),
                rs.getString("actor"),
                rs.getString("from_state"),
                rs.getString("to_state"),
                rs.getObject("at", OffsetDateTime.class).toInstant()),
        exchangeId);
  }

  private void event(
      String exchangeId,
      int version,
      String messageId,
      String action,
      String actor,
      String from,
      String to,
      Instant at) {
    jdbc.update(
        "insert into exchange_event (message_id, exchange_id, version, action, actor, from_state, to_state, at)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?)",
        messageId,
        exchangeId,
        version,
        action,
        actor,
        from,
        to,
        OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
  }

  private static Date date(LocalDate date) {
    return date == null ? null : Date.valueOf(date);
  }

  private static LocalDate localDate(ResultSet rs, String column) throws SQLException {
    Date date = rs.getDate(column);
    return date == null ? null : date.toLocalDate();
  }

  private static ExchangeRecord record(ResultSet rs, int row) throws SQLException {
    return new ExchangeRecord(
        rs.getString("id"),
        ExchangeRecord.Kind.valueOf(rs.getString("kind")),
        rs.getString("procedure_code"),
        rs.getString("requester"),
        rs.getString("responder"),
        rs.getString("state"),
        localDate(rs, "reply_by"),
        localDate(rs, "proposed_reply_by"),
        rs.getString("proposed_by"),
        rs.getInt("version"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
        rs.getString("linked_to"));
  }
}
