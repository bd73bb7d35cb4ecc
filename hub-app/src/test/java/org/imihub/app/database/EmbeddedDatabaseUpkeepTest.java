package org.imihub.app.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real H2 file, written the way the hub writes it: one small commit at a time. */
class EmbeddedDatabaseUpkeepTest {
  @TempDir Path dir;

  @Test
  void reusesTheSpaceOfReplacedChunksWhileCommitsGoOn() throws Exception {
    long leftAlone = fileSizeAfterTheSameCommits(h2File("left-alone"), null);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();

    long upkept = fileSizeAfterTheSameCommits(h2File("upkept"), meters);

    // 191 MB and 25 MB when written: H2's own housekeeping does not run with WRITE_DELAY=0.
    assertThat(upkept).isLessThan(leftAlone / 4);
  }

  private long fileSizeAfterTheSameCommits(JdbcDataSource dataSource, SimpleMeterRegistry meters)
      throws Exception {
    try (Connection open = dataSource.getConnection()) { // keeps the database open
      createTable(open);
      MVStore store = EmbeddedDatabaseUpkeep.embeddedStore(dataSource);
      if (meters == null) {
        commitOneAtATime(open, 3_000);
        return store.getFileStore().size();
      }
      try (AutoCloseable upkeep =
          EmbeddedDatabaseUpkeep.start(dataSource, Duration.ofMillis(20), meters)) {
        assertThat(store.getRetentionTime()).isEqualTo(80);
        commitOneAtATime(open, 3_000);
        long size = store.getFileStore().size();
        assertThat(meters.get("imihub.database.file.bytes").gauge().value()).isEqualTo(size);
        assertThat(meters.get("imihub.database.chunks.fill").gauge().value()).isBetween(1.0, 100.0);
        // Each commit writes a chunk of at least one 4 kB block; the space they reuse is counted.
        assertThat(meters.get("imihub.database.written").functionCounter().count())
            .isGreaterThanOrEqualTo(3_000 * 4096.0)
            .isGreaterThan(size);
        return size;
      }
    }
  }

  @Test
  void leavesAloneADatabaseThatIsNotAnEmbeddedFile() throws Exception {
    JdbcDataSource inMemory = new JdbcDataSource();
    inMemory.setURL("jdbc:h2:mem:upkeep-test;DB_CLOSE_DELAY=-1");
    SimpleMeterRegistry meters = new SimpleMeterRegistry();

    try (AutoCloseable upkeep =
        EmbeddedDatabaseUpkeep.start(inMemory, Duration.ofMillis(250), meters)) {
      assertThat(upkeep).isNotInstanceOf(EmbeddedDatabaseUpkeep.class);
      assertThat(meters.getMeters()).isEmpty();
    }
  }

  @Test
  void refusesAnIntervalThatIsNotPositive() throws Exception {
    JdbcDataSource dataSource = h2File("refused");
    assertThatThrownBy(
            () ->
                EmbeddedDatabaseUpkeep.start(dataSource, Duration.ZERO, new SimpleMeterRegistry()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hub.database.upkeep-interval must be positive");
    assertThat(Files.list(dir)).as("nothing opened or created").isEmpty();
  }

  private JdbcDataSource h2File(String name) {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:file:" + dir.resolve(name) + ";WRITE_DELAY=0");
    return dataSource;
  }

  private static void createTable(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "create table item (id integer primary key, status varchar(20), body varbinary)");
      statement.execute("create index item_by_status on item (status)");
    }
  }

  /** Inserts, updates and deletes, each its own commit, as the hub's steps do. */
  private static void commitOneAtATime(Connection connection, int items) throws SQLException {
    byte[] body = new byte[2_000];
    try (PreparedStatement insert =
            connection.prepareStatement("insert into item values (?, ?, ?)");
        PreparedStatement update =
            connection.prepareStatement("update item set status = ? where id = ?");
        PreparedStatement delete = connection.prepareStatement("delete from item where id = ?")) {
      for (int id = 0; id < items; id++) {
        insert.setInt(1, id);
        insert.setString(2, "PENDING");
        insert.setBytes(3, body);
        insert.executeUpdate();
        update.setString(1, "DELIVERED");
        update.setInt(2, id);
        update.executeUpdate();
        if (id % 2 == 0) {
          delete.setInt(1, id);
          delete.executeUpdate();
        }
      }
    }
  }
}
