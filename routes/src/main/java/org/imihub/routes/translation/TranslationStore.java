package org.imihub.routes.translation;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The machine translations of free text and who waits for them (V7): shared by every recipient of a
 * message who reads the same language, kept across restarts, and claimed with the primary key so
 * that one node asks the service once.
 */
@Component
public class TranslationStore {
  /** One free text (position from 1) of one message, for one target language. */
  public record Key(String messageId, int index, String targetLanguage) {}

  public enum Status {
    PENDING,
    MACHINE,
    UNAVAILABLE
  }

  public record Translation(
      Key key,
      String exchangeId,
      String sourceLanguage,
      Status status,
      String engine,
      String text,
      int attempts) {}

  private final JdbcTemplate jdbc;

  public TranslationStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<Translation> find(Key key) {
    return jdbc
        .query(
            "select * from free_text_translation where message_id = ? and text_index = ? and target_lang = ?",
            (rs, i) -> translation(rs),
            key.messageId(),
            key.index(),
            key.targetLanguage())
        .stream()
        .findFirst();
  }

  /** Records the first attempt; false if someone (on any node) has asked already. */
  public boolean claim(Key key, String exchangeId, String sourceLanguage, Instant now) {
    try {
      jdbc.update(
          "insert into free_text_translation (message_id, exchange_id, text_index, source_lang, target_lang, status, attempts, updated_at)"
              + " values (?, ?, ?, ?, ?, 'PENDING', 1, ?)",
          key.messageId(),
          exchangeId,
          key.index(),
          sourceLanguage,
          key.targetLanguage(),
          utc(now));
      return true;
    } catch (DuplicateKeyException askedBefore) {
      return false;
    }
  }

  /** A pending translation to be asked again: false if another node took this attempt. */
  public boolean reclaim(Translation pending, Instant now) {
    return jdbc.update(
            "update free_text_translation set attempts = attempts + 1, updated_at = ?"
                + " where message_id = ? and text_index = ? and target_lang = ? and status = 'PENDING' and attempts = ?",
            utc(now),
            pending.key().messageId(),
            pending.key().index(),
            pending.key().targetLanguage(),
            pending.attempts())
        == 1;
  }

  public void translated(Key key, String engine, String text, Instant now) {
    settle(key, Status.MACHINE, engine, text, now);
  }

  public void unavailable(Key key, Instant now) {
    settle(key, Status.UNAVAILABLE, null, null, now);
  }

  /** Translations still pending whose last attempt is older than {@code before}. */
  public List<Translation> pendingSince(Instant before, int limit) {
    return jdbc.query(
        "select * from free_text_translation where status = 'PENDING' and updated_at < ?"
            + " order by updated_at fetch first "
            + limit
            + " rows only",
        (rs, i) -> translation(rs),
        utc(before));
  }

  /** Settled translations someone still waits for (their follow-up did not go out yet). */
  public List<Translation> settledAndAwaited(int limit) {
    return jdbc.query(
        "select * from free_text_translation t where status <> 'PENDING' and exists (select 1 from"
            + " free_text_translation_waiter w where w.message_id = t.message_id and w.text_index ="
            + " t.text_index and w.target_lang = t.target_lang) fetch first "
            + limit
            + " rows only",
        (rs, i) -> translation(rs));
  }

  /** Remembers that {@code recipient} got the message without this translation. */
  public void await(Key key, String recipient) {
    try {
      jdbc.update(
          "insert into free_text_translation_waiter (message_id, text_index, target_lang, recipient)"
              + " values (?, ?, ?, ?)",
          key.messageId(),
          key.index(),
          key.targetLanguage(),
          recipient);
    } catch (DuplicateKeyException waitingAlready) {
      // A redelivery of the same delivery: one wait is enough.
    }
  }

  public List<String> waiters(Key key) {
    return jdbc.queryForList(
        "select recipient from free_text_translation_waiter"
            + " where message_id = ? and text_index = ? and target_lang = ? order by recipient",
        String.class,
        key.messageId(),
        key.index(),
        key.targetLanguage());
  }

  public void forgetWaiters(Key key, List<String> recipients) {
    for (String recipient : recipients) {
      jdbc.update(
          "delete from free_text_translation_waiter"
              + " where message_id = ? and text_index = ? and target_lang = ? and recipient = ?",
          key.messageId(),
          key.index(),
          key.targetLanguage(),
          recipient);
    }
  }

  private void settle(Key key, Status status, String engine, String text, Instant now) {
    jdbc.update(
        "update free_text_translation set status = ?, engine = ?, translated_text = ?, updated_at = ?"
            + " where message_id = ? and text_index = ? and target_lang = ?",
        status.name(),
        engine,
        text,
        utc(now),
        key.messageId(),
        key.index(),
        key.targetLanguage());
  }

  private static Translation translation(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Translation(
        new Key(rs.getString("message_id"), rs.getInt("text_index"), rs.getString("target_lang")),
        rs.getString("exchange_id"),
        rs.getString("source_lang"),
        Status.valueOf(rs.getString("status")),
        rs.getString("engine"),
        rs.getString("translated_text"),
        rs.getInt("attempts"));
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
