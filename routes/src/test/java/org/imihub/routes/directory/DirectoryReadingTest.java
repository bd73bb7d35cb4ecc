package org.imihub.routes.directory;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * The directory answers from one reading of the authority table for a while: what changes through
 * it is seen at once, what another node changes once the reading is old.
 */
class DirectoryReadingTest {
  private static final Duration AGE = Duration.ofMillis(300);

  private JdbcTemplate jdbc;
  private Directory directory;

  @BeforeEach
  void emptyDatabase() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    Flyway.configure().dataSource(h2).load().migrate();
    jdbc = new JdbcTemplate(h2);
    directory = new Directory(jdbc, AGE);
    directory.register(authority("HU-EEKH", "HU", Set.of()), List.of());
  }

  @Test
  void whatChangesThroughThisNodeIsSeenAtOnce() {
    assertThat(directory.find("FR-CNOM")).isEmpty();
    assertThat(directory.isPaused("HU-EEKH")).isFalse();

    directory.register(authority("FR-CNOM", "FR", Set.of("PQ")), List.of());
    assertThat(directory.find("FR-CNOM")).isPresent();
    assertThat(directory.handling("PQ", List.of("FR", "HU")))
        .extracting(Authority::id)
        .containsExactly("FR-CNOM");

    assertThat(directory.setPaused("HU-EEKH", true)).isTrue();
    assertThat(directory.isPaused("HU-EEKH")).isTrue();
    assertThat(directory.setPaused("XX-NONE", true)).isFalse();
  }

  @Test
  void whatAnotherNodeChangesIsSeenOnceTheReadingIsOld() {
    assertThat(directory.isPaused("HU-EEKH")).isFalse();
    // Another node pauses the authority: it wrote the table, not through this directory.
    jdbc.update("update authority set paused = true where id = 'HU-EEKH'");
    jdbc.update(
        "insert into authority (id, name, country, language, connector, roles, policy_areas)"
            + " values ('DE-BAEK', 'x', 'DE', 'de', 'MAILBOX', '', '')");

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> directory.isPaused("HU-EEKH") && directory.find("DE-BAEK").isPresent());
  }

  // While one caller reads the table again, the others answer from the reading there is, since
  // nothing changed through this directory: none of them waits for the database meanwhile.
  @Test
  void anOldReadingAnswersWhileOneCallerReadsTheTableAgain() throws Exception {
    GatedJdbc gated = new GatedJdbc(jdbc.getDataSource());
    Directory everyReadingOld = new Directory(gated, Duration.ZERO);
    assertThat(everyReadingOld.find("HU-EEKH")).isPresent();
    jdbc.update("update authority set paused = true where id = 'HU-EEKH'");

    gated.close();
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try {
      Future<Boolean> readingAgain = caller.submit(() -> everyReadingOld.isPaused("HU-EEKH"));
      assertThat(gated.someoneWaits()).isTrue();

      assertTimeoutPreemptively(
          Duration.ofSeconds(5), () -> assertThat(everyReadingOld.isPaused("HU-EEKH")).isFalse());

      gated.open();
      assertThat(readingAgain.get(5, SECONDS)).isTrue();
    } finally {
      gated.open();
      caller.shutdownNow();
    }
  }

  @Test
  void listsKeepAStableOrder() {
    directory.register(authority("FR-CNOM", "FR", Set.of("PQ")), List.of());
    directory.register(authority("AT-WKO", "AT", Set.of("PQ")), List.of());
    directory.register(authority("AT-BMA", "AT", Set.of("PQ")), List.of());
    assertThat(directory.handling("PQ", List.of("FR", "AT")))
        .extracting(Authority::id)
        .containsExactly("AT-BMA", "AT-WKO", "FR-CNOM");
    assertThat(directory.reachedBy(ConnectorType.MAILBOX))
        .extracting(Authority::id)
        .containsExactly("AT-BMA", "AT-WKO", "FR-CNOM", "HU-EEKH");
  }

  /** Holds every reading of the authority table while its gate is closed. */
  private static final class GatedJdbc extends JdbcTemplate {
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final Semaphore waiting = new Semaphore(0);

    GatedJdbc(DataSource dataSource) {
      super(dataSource);
    }

    void close() {
      gate = new CountDownLatch(1);
    }

    void open() {
      gate.countDown();
    }

    boolean someoneWaits() throws InterruptedException {
      return waiting.tryAcquire(5, SECONDS);
    }

    @Override
    public void query(String sql, RowCallbackHandler rows) {
      CountDownLatch current = gate;
      if (current.getCount() > 0) {
        waiting.release();
        try {
          current.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      super.query(sql, rows);
    }
  }

  private static Authority authority(String id, String country, Set<String> policyAreas) {
    return new Authority(
        id, id, country, "en", ConnectorType.MAILBOX, (URI) null, Set.of(), policyAreas, null);
  }
}
