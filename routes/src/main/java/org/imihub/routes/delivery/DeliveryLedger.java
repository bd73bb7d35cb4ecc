package org.imihub.routes.delivery;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The delivery table: one row per message and recipient, and how far it got. */
@Component
public class DeliveryLedger {
  /** What the delivery route needs to know about one delivery. */
  public record Delivery(
      String id,
      String messageId,
      String exchangeId,
      String recipient,
      DeliveryStatus status,
      int attempts,
      String messageType,
      String procedureCode,
      java.time.Instant receivedAt) {}

  private final JdbcTemplate jdbc;
  private final Clock clock;

  public DeliveryLedger(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  public Optional<Delivery> find(String deliveryId) {
    return jdbc
        .query(
            "select d.id, d.message_id, d.exchange_id, d.recipient, d.status, d.attempts, m.message_type,"
                + " m.procedure_code, m.received_at from delivery d join message m on m.id = d.message_id"
                + " where d.id = ?",
            (rs, i) ->
                new Delivery(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    DeliveryStatus.valueOf(rs.getString(5)),
                    rs.getInt(6),
                    rs.getString(7),
                    rs.getString(8),
                    rs.getObject(9, OffsetDateTime.class).toInstant()),
            deliveryId)
        .stream()
        .findFirst();
  }

  /**
   * Records the connector's answer. Never over an acknowledgement: a back office may fetch and
   * acknowledge a mailbox delivery before this runs.
   */
  public void handedOver(String deliveryId, DeliveryStatus status) {
    jdbc.update(
        "update delivery set status = ?, attempts = attempts + 1, last_error = null, updated_at = ?"
            + " where id = ? and status <> 'ACKNOWLEDGED'",
        status.name(),
        now(),
        deliveryId);
  }

  /**
   * An acknowledgement by the recipient of a delivery it holds (the caller checks that it does);
   * false if the delivery is not the recipient's.
   */
  public boolean acknowledged(String deliveryId, String recipient) {
    return jdbc.update(
            "update delivery set status = 'ACKNOWLEDGED', updated_at = ? where id = ? and recipient = ?",
            now(),
            deliveryId,
            recipient)
        == 1;
  }

  public void failedAttempt(String deliveryId, DeliveryStatus status, String error) {
    jdbc.update(
        "update delivery set status = ?, attempts = attempts + 1, last_error = ?, updated_at = ? where id = ?",
        status.name(),
        truncate(error),
        now(),
        deliveryId);
  }

  public String lastError(String deliveryId) {
    return jdbc
        .query(
            "select last_error from delivery where id = ?", (rs, i) -> rs.getString(1), deliveryId)
        .stream()
        .findFirst()
        .orElse(null);
  }

  /** Marks deliveries as waiting for the recipient's delivery to resume. */
  public void paused(String deliveryId) {
    jdbc.update(
        "update delivery set status = 'PAUSED', updated_at = ? where id = ?", now(), deliveryId);
  }

  /**
   * Marks re-driven deliveries as queued again. Only those still dead-lettered: the broker may hand
   * a moved message to the connector before this runs, and its outcome must not be overwritten.
   */
  public void requeued(List<String> deliveryIds) {
    for (String id : deliveryIds) {
      jdbc.update(
          "update delivery set status = 'QUEUED', updated_at = ? where id = ? and status = 'DEAD_LETTERED'",
          now(),
          id);
    }
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
  }

  private static String truncate(String error) {
    return error == null || error.length() <= 1000 ? error : error.substring(0, 1000);
  }
}
