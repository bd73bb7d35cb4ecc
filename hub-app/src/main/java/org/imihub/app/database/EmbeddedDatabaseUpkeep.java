package org.imihub.app.database;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.imihub.routes.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded H2 database's file compact and on the disk while the hub writes to it.
 *
 * <p>H2 writes every commit as a new chunk at the end of its file (the hub runs it with {@code
 * WRITE_DELAY=0}, so that a receipted message survives a kill: one chunk per commit). Its own
 * housekeeping, which rewrites the few live pages of old chunks so that their space can be used
 * again, runs only in the background writer that {@code WRITE_DELAY=0} turns off, and only while
 * the database is idle. Without it, at ~2 000 commits a second, the file grew by ~100 MB a second
 * with 4% of it live, and every commit got dearer (it records the occupancy of ever more chunks and
 * searches ever more free space). So the hub does that housekeeping itself, a little at a time:
 * every {@code interval} it rewrites at most a few MB of the sparsest chunks, then forces the file
 * to the disk.
 *
 * <p>The forcing is what makes reusing space safe against a power cut: H2 keeps a replaced chunk
 * for its retention time before writing over it, and the hub sets that to four intervals, so a
 * chunk is only overwritten once the data that replaced it is on the disk, which H2's recovery
 * relies on (it opens the newest complete chunk, whose pages must still be there). A power cut
 * should then lose at most the last interval's commits; it cannot be tested here. (H2's own
 * retention of 45 s relies on the operating system writing its buffers within that time.)
 *
 * <p>Does nothing for a database that is not an embedded H2 file (PostgreSQL, an H2 server).
 */
public class EmbeddedDatabaseUpkeep implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseUpkeep.class);

  /**
   * Chunks less full than this are rewritten. H2's own housekeeping aims at 90%, but every live
   * page it moves is written again: outside the hub, the hot path's statements at 100 messages a
   * second, one per commit, wrote 84 kB per message without upkeep, 108 kB aiming at 50% and 187 kB
   * at 80% (55 against 105 kB at four per commit), for a file of about the same size
   * (docs/performance.md). The file holds at most about twice its live data.
   */
  static final int TARGET_FILL_PERCENT = 50;

  /** At most this much is rewritten at a time, so that commits never wait long for it. */
  static final int MAX_REWRITE_BYTES = 8 << 20;

  private final MVStore store;
  private final ScheduledExecutorService scheduler;

  private EmbeddedDatabaseUpkeep(MVStore store, Duration interval) {
    this.store = store;
    store.setRetentionTime(Math.toIntExact(interval.multipliedBy(4).toMillis()));
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("database-upkeep"));
    scheduler.scheduleWithFixedDelay(
        this::compactAndForce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Starts the upkeep of the database behind {@code dataSource} if it is an embedded H2 file, and
   * publishes its file size, fill rate and bytes written as metrics; otherwise returns an upkeep
   * that does nothing.
   */
  public static AutoCloseable start(DataSource dataSource, Duration interval, MeterRegistry meters)
      throws SQLException {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(
          "hub.database.upkeep-interval must be positive, not " + interval);
    }
    MVStore store = embeddedStore(dataSource);
    if (store == null) {
      log.info("The database is not an embedded H2 file: it keeps its files itself");
      return () -> {};
    }
    EmbeddedDatabaseUpkeep upkeep = new EmbeddedDatabaseUpkeep(store, interval);
    Gauge.builder("imihub.database.file.bytes", store, EmbeddedDatabaseUpkeep::fileBytes)
        .description("Size of the embedded database's file")
        .baseUnit("bytes")
        .register(meters);
    Gauge.builder("imihub.database.chunks.fill", store, EmbeddedDatabaseUpkeep::chunksFill)
        .description("Percent of the embedded database's written chunks that is live data")
        .register(meters);
    // What durability costs with H2, in bytes rather than CPU: every commit writes each page it
    // changed, and the upkeep each live page it moves (so the figure also depends on how sparse
    // the file's chunks are). docs/performance.md reports it per message.
    FunctionCounter.builder(
            "imihub.database.written", dataSource, EmbeddedDatabaseUpkeep::writtenBytes)
        .description("Bytes the embedded database has written to its file: commits and upkeep")
        .baseUnit("bytes")
        .register(meters);
    log.info(
        "Embedded database upkeep every {} ms (space reused after {} ms)",
        interval.toMillis(),
        store.getRetentionTime());
    return upkeep;
  }

  /** The H2 store behind {@code dataSource}, or null if it is not an embedded H2 database file. */
  static MVStore embeddedStore(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      if (!connection.isWrapperFor(JdbcConnection.class)) {
        return null;
      }
      if (!(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
        return null; // a client of an H2 server
      }
      var databaseStore = session.getDatabase().getStore();
      MVStore store = databaseStore == null ? null : databaseStore.getMvStore();
      return store == null || store.getFileStore() == null ? null : store;
    }
  }

  void compactAndForce() {
    try {
      if (store.isClosed()) {
        return;
      }
      if (store.getFileStore().getChunksFillRate() < TARGET_FILL_PERCENT) {
        store.compact(TARGET_FILL_PERCENT, MAX_REWRITE_BYTES);
      }
      store.sync();
    } catch (RuntimeException failed) {
      // The next round tries again; the database reports its own failures to the writers.
      log.warn("Embedded database upkeep failed: {}", failed.toString());
    }
  }

  private static double fileBytes(MVStore store) {
    return store.isClosed() ? Double.NaN : store.getFileStore().size();
  }

  /** H2 counts them in its store but shows them only among its settings. */
  private static double writtenBytes(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "select setting_value from information_schema.settings"
                    + " where setting_name = 'info.FILE_WRITE_BYTES'")) {
      return result.next() ? Double.parseDouble(result.getString(1)) : Double.NaN;
    } catch (SQLException | NumberFormatException notNow) {
      return Double.NaN;
    }
  }

  private static double chunksFill(MVStore store) {
    return store.isClosed() ? Double.NaN : store.getFileStore().getChunksFillRate();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
