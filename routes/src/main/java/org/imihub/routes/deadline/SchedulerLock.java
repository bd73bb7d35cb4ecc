package org.imihub.routes.deadline;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A lease in the database that lets one hub node at a time run a scheduled job. The lease expires
 * on its own, so a node that dies while holding it blocks the job for one lease at most. (What a
 * job does must still be safe to do twice: the lease only saves the work.)
 */
@Component
public class SchedulerLock {
  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final String node =
      ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();

  public SchedulerLock(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** Takes the lease on {@code job} for {@code lease}, if nobody holds it; true if taken. */
  public boolean acquire(String job, Duration lease) {
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    int taken =
        jdbc.update(
            "update scheduler_lock set locked_until = ?, locked_by = ? where name = ? and locked_until <= ?",
            now.plus(lease),
            node,
            job,
            now);
    if (taken == 1) {
      return true;
    }
    try {
      return jdbc.update(
              "insert into scheduler_lock (name, locked_until, locked_by) values (?, ?, ?)",
              job,
              now.plus(lease),
              node)
          == 1;
    } catch (DuplicateKeyException heldByAnother) {
      return false;
    }
  }

  public void release(String job) {
    jdbc.update(
        "update scheduler_lock set locked_until = ? where name = ? and locked_by = ?",
        OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC),
        job,
        node);
  }
}
