package org.imihub.routes.ingest;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The message table, as ingest uses it: one row per accepted message id. The primary key makes
 * duplicates visible at once, on every hub node: a resend of the same signed content gets the same
 * receipt, a different message under a used id is refused.
 */
@Component
public class MessageLedger {
  private final JdbcTemplate jdbc;
  private final ReceiptIssuer receipts;
  private final Clock clock;

  public MessageLedger(JdbcTemplate jdbc, ReceiptIssuer receipts, Clock clock) {
    this.jdbc = jdbc;
    this.receipts = receipts;
    this.clock = clock;
  }

  /**
   * Records a checked message, or recognises it as a resend; sets its receipt and whether it still
   * needs the hand-off.
   */
  public void record(Inbound inbound) {
    Instant now = clock.instant();
    byte[] receipt = receipts.issue(inbound, now);
    // Resends are recognised by what the sender signed, not by bytes: the same envelope over
    // SOAP and over REST differs in serialisation but carries the same signed digest.
    String digest = Base64.getEncoder().encodeToString(inbound.signature.signedDigest());
    try {
      jdbc.update(
          "insert into message (id, exchange_id, message_type, procedure_code, sender, recipients, received_at,"
              + " signed_digest, signed_bytes, receipt, handed_off) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, false)",
          inbound.messageId(),
          inbound.header().getExchangeId(),
          inbound.header().getMessageType(),
          inbound.header().getProcedureCode(),
          inbound.header().getSender(),
          String.join(",", inbound.recipients()),
          OffsetDateTime.ofInstant(now, ZoneOffset.UTC),
          digest,
          inbound.bytes(),
          receipt);
      inbound.receipt = receipt;
      inbound.handOffNeeded = true;
    } catch (DuplicateKeyException alreadyThere) {
      Map<String, Object> earlier =
          jdbc.queryForMap(
              "select signed_digest, sender, receipt, handed_off from message where id = ?",
              inbound.messageId());
      if (!digest.equals(earlier.get("signed_digest"))
          || !inbound.header().getSender().equals(earlier.get("sender"))) {
        throw new HubException(
            ErrorCode.MESSAGE_ID_REUSED,
            "Message id " + inbound.messageId() + " was already used for a different message.");
      }
      inbound.receipt = (byte[]) earlier.get("receipt");
      inbound.handOffNeeded = !((Boolean) earlier.get("handed_off"));
    }
  }

  public void markHandedOff(Inbound inbound) {
    jdbc.update("update message set handed_off = true where id = ?", inbound.messageId());
  }

  /** What the messages recorded so far say about an exchange: its procedure and who takes part. */
  public record ExchangeFacts(String procedureCode, Set<String> parties) {}

  public Optional<ExchangeFacts> exchange(String exchangeId) {
    List<Map<String, Object>> rows =
        jdbc.queryForList(
            "select procedure_code, sender, recipients from message where exchange_id = ? order by received_at",
            exchangeId);
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Set<String> parties = new HashSet<>();
    for (Map<String, Object> row : rows) {
      parties.add((String) row.get("sender"));
      parties.addAll(List.of(((String) row.get("recipients")).split(",")));
    }
    return Optional.of(new ExchangeFacts((String) rows.get(0).get("procedure_code"), parties));
  }

  /** Removes a message the broker never took, so nothing half-stored remains. */
  public void forgetNotHandedOff(Inbound inbound) {
    jdbc.update("delete from message where id = ? and handed_off = false", inbound.messageId());
  }

  /** The original signed bytes of a message, if retention has not erased them. */
  public byte[] signedBytes(String messageId) {
    List<byte[]> found =
        jdbc.query(
            "select signed_bytes from message where id = ?", (rs, i) -> rs.getBytes(1), messageId);
    return found.isEmpty() ? null : found.get(0);
  }
}
