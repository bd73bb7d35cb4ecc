package org.imihub.routes.audit;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The audit trail: who tried what, on which id, and how it ended. Ids and codes only, never
 * content, so the trail outlives retention without holding personal data.
 */
@Component
public class AuditLog {
  private final JdbcTemplate jdbc;
  private final Clock clock;

  public AuditLog(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  public void record(String actor, String action, String subject, String outcome) {
    jdbc.update(
        "insert into audit_event (at, actor, action, subject, outcome) values (?, ?, ?, ?, ?)",
        OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC),
        actor == null ? "unknown" : actor,
        action,
        subject,
        outcome);
  }
}
