package org.imihub.routes.ingest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.imihub.contract.Digests;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The message table: one row per accepted message id. The primary key makes duplicates visible at
 * once, on every hub node: a resend of the same signed content gets the same receipt, a different
 * message under a used id is refused. Resends are recognised by what the sender signed, not by
 * bytes: the same envelope over SOAP and over REST differs in serialisation but not in its signed
 * digest.
 */
@Component
public class MessageLedger {
  private final JdbcTemplate jdbc;

  public MessageLedger(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Recognises a resend: marks the message a duplicate, with its earlier receipt and whether it
   * still needs the hand-off.
   *
   * @throws HubException MESSAGE_ID_REUSED if the id was used for other content or by another
   *     sender
   */
  public void recognise(Inbound inbound) {
    List<Map<String, Object>> earlier =
        jdbc.queryForList(
            "select signed_digest, sender, receipt, handed_off from message where id = ?",
            inbound.messageId());
    if (earlier.isEmpty()) {
      return;
    }
    Map<String, Object> row = earlier.get(0);
    if (!signedDigest(inbound).equals(row.get("signed_digest"))
        || !inbound.header().getSender().equals(row.get("sender"))) {
      throw new HubException(
          ErrorCode.MESSAGE_ID_REUSED,
          "Message id " + inbound.messageId() + " was already used for a different message.");
    }
    inbound.duplicate = true;
    inbound.receipt = (byte[]) row.get("receipt");
    inbound.handOffNeeded = !((Boolean) row.get("handed_off"));
  }

  /** Inserts a new message, as handed off: the caller does so in the same unit of work. */
  public void insert(Inbound inbound, byte[] receipt, Instant receivedAt) {
    jdbc.update(
        "insert into message (id, exchange_id, message_type, procedure_code, sender, recipients, received_at,"
            + " signed_digest, signed_bytes, receipt, handed_off) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true)",
        inbound.messageId(),
        inbound.header().getExchangeId(),
        inbound.header().getMessageType(),
        inbound.header().getProcedureCode(),
        inbound.header().getSender(),
        String.join(",", inbound.recipients()),
        OffsetDateTime.ofInstant(receivedAt, ZoneOffset.UTC),
        signedDigest(inbound),
        inbound.bytes(),
        receipt);
  }

  /** Records a notice of the hub's own: signed by the hub, no receipt, handed off with it. */
  public void insertHubNotice(
      String noticeId,
      String exchangeId,
      String kind,
      String procedureCode,
      String hubId,
      List<String> recipients,
      byte[] notice,
      Instant issuedAt) {
    jdbc.update(
        "insert into message (id, exchange_id, message_type, procedure_code, sender, recipients, received_at,"
            + " signed_digest, signed_bytes, receipt, handed_off) values (?, ?, ?, ?, ?, ?, ?, ?, ?, null, true)",
        noticeId,
        exchangeId,
        kind,
        procedureCode,
        hubId,
        String.join(",", recipients),
        OffsetDateTime.ofInstant(issuedAt, ZoneOffset.UTC),
        Digests.sha256Hex(notice),
        notice);
  }

  /**
   * Removes a notice of the hub's that never reached the queue, with its event and deliveries, so
   * it can be issued again.
   */
  public void forgetHubNotice(String noticeId) {
    jdbc.update("delete from delivery where message_id = ?", noticeId);
    jdbc.update("delete from exchange_event where message_id = ?", noticeId);
    jdbc.update("delete from message where id = ?", noticeId);
  }

  public void handedOff(String messageId, boolean handedOff) {
    jdbc.update("update message set handed_off = ? where id = ?", handedOff, messageId);
  }

  /** The original signed bytes of a message, if retention has not erased them. */
  public byte[] signedBytes(String messageId) {
    List<byte[]> found =
        jdbc.query(
            "select signed_bytes from message where id = ?", (rs, i) -> rs.getBytes(1), messageId);
    return found.isEmpty() ? null : found.get(0);
  }

  private static String signedDigest(Inbound inbound) {
    return Base64.getEncoder().encodeToString(inbound.signature.signedDigest());
  }
}
