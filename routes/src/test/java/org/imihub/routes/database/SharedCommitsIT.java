package org.imihub.routes.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Units of work from many threads share a commit, on both databases: a refused unit is rolled back
 * alone, a failed commit fails every unit in it, and a stopping hub still commits.
 */
class SharedCommitsIT {
  private final ExecutorService callers = Executors.newFixedThreadPool(16);
  private final MeterRegistry meters = new SimpleMeterRegistry();

  // While the writer commits one unit, twelve arrive and share its next commit; a unit that hits a
  // primary key and one refused inside a participating transaction (which marks the whole
  // transaction rollback-only) are rolled back alone, with their earlier statements, and their
  // callers get their exceptions.
  @ParameterizedTest(name = "{0}")
  @MethodSource("org.imihub.testsupport.BothDatabases#migrated")
  void unitsThatWaitTogetherShareOneCommit(String name, DataSource dataSource) throws Exception {
    JdbcTemplate jdbc = scratchTable(dataSource);
    DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(dataSource);
    try (SharedCommits commits = new SharedCommits(transactionManager, 1, meters)) {
      CountDownLatch release = new CountDownLatch(1);
      Future<?> first = holdTheWriter(commits, jdbc, release);

      List<Future<?>> good = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        String id = "unit-" + i;
        good.add(callers.submit(() -> commits.run(() -> insert(jdbc, id))));
      }
      Future<?> duplicate =
          callers.submit(
              () ->
                  commits.run(
                      () -> {
                        insert(jdbc, "before-the-duplicate");
                        insert(jdbc, "first");
                      }));
      Future<?> refusedInside =
          callers.submit(
              () ->
                  commits.run(
                      () ->
                          new TransactionTemplate(transactionManager)
                              .executeWithoutResult(
                                  participating -> {
                                    insert(jdbc, "refused-inside");
                                    throw new IllegalStateException("refused by a check");
                                  })));
      await().atMost(10, TimeUnit.SECONDS).until(() -> waiting() == 12);
      release.countDown();

      first.get(10, TimeUnit.SECONDS);
      for (Future<?> unit : good) {
        unit.get(10, TimeUnit.SECONDS);
      }
      assertThatThrownBy(() -> duplicate.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(DuplicateKeyException.class);
      assertThatThrownBy(() -> refusedInside.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(IllegalStateException.class)
          .hasRootCauseMessage("refused by a check");
      assertThat(ids(jdbc))
          .containsExactlyInAnyOrder(
              "first", "unit-0", "unit-1", "unit-2", "unit-3", "unit-4", "unit-5", "unit-6",
              "unit-7", "unit-8", "unit-9");
      var unitsPerCommit = meters.get("imihub.database.units.per.commit").summary();
      assertThat(unitsPerCommit.count()).isEqualTo(2);
      assertThat(unitsPerCommit.max()).isEqualTo(12);
    }
  }

  // A commit that fails takes every unit in it with it; the writer goes on with the next ones.
  @ParameterizedTest(name = "{0}")
  @MethodSource("org.imihub.testsupport.BothDatabases#migrated")
  void aFailedCommitFailsEveryUnitInIt(String name, DataSource dataSource) throws Exception {
    JdbcTemplate jdbc = scratchTable(dataSource);
    try (SharedCommits commits =
        new SharedCommits(new DataSourceTransactionManager(dataSource), 1, meters)) {
      CountDownLatch release = new CountDownLatch(1);
      Future<?> first = holdTheWriter(commits, jdbc, release);
      Future<?> innocent = callers.submit(() -> commits.run(() -> insert(jdbc, "innocent")));
      Future<?> failing =
          callers.submit(
              () ->
                  commits.run(
                      () -> {
                        insert(jdbc, "failing");
                        TransactionSynchronizationManager.registerSynchronization(
                            new TransactionSynchronization() {
                              @Override
                              public void beforeCommit(boolean readOnly) {
                                throw new IllegalStateException("the commit failed");
                              }
                            });
                      }));
      await().atMost(10, TimeUnit.SECONDS).until(() -> waiting() == 2);
      release.countDown();

      first.get(10, TimeUnit.SECONDS);
      for (Future<?> unit : List.of(innocent, failing)) {
        assertThatThrownBy(() -> unit.get(10, TimeUnit.SECONDS))
            .hasRootCauseMessage("the commit failed");
      }
      commits.run(() -> insert(jdbc, "after"));
      assertThat(ids(jdbc)).containsExactlyInAnyOrder("first", "after");
    }
  }

  // A unit that calls for a unit is already in a transaction: the inner one joins it instead of
  // waiting for the writer that runs it. Once closed, units commit on their own.
  @ParameterizedTest(name = "{0}")
  @MethodSource("org.imihub.testsupport.BothDatabases#migrated")
  void aUnitWithinAUnitJoinsItAndAClosedOneCommitsAlone(String name, DataSource dataSource)
      throws Exception {
    JdbcTemplate jdbc = scratchTable(dataSource);
    SharedCommits commits =
        new SharedCommits(new DataSourceTransactionManager(dataSource), 2, meters);
    int inner =
        commits.call(
            () -> {
              insert(jdbc, "outer");
              return commits.call(
                  () -> {
                    insert(jdbc, "inner");
                    return 7;
                  });
            });
    assertThat(inner).isEqualTo(7);
    commits.close();
    commits.run(() -> insert(jdbc, "after-close"));
    assertThatThrownBy(() -> commits.run(() -> insert(jdbc, "after-close")))
        .isInstanceOf(DuplicateKeyException.class);
    assertThat(ids(jdbc)).containsExactlyInAnyOrder("outer", "inner", "after-close");
  }

  /** A first unit that keeps the writer in its transaction until released. */
  private Future<?> holdTheWriter(SharedCommits commits, JdbcTemplate jdbc, CountDownLatch release)
      throws InterruptedException {
    CountDownLatch writing = new CountDownLatch(1);
    Future<?> first =
        callers.submit(
            () ->
                commits.run(
                    () -> {
                      insert(jdbc, "first");
                      writing.countDown();
                      try {
                        release.await();
                      } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                      }
                    }));
    assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
    return first;
  }

  private double waiting() {
    return meters.get("imihub.database.units.waiting").gauge().value();
  }

  private static JdbcTemplate scratchTable(DataSource dataSource) {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    jdbc.execute("create table scratch (id varchar(40) primary key)");
    return jdbc;
  }

  private static void insert(JdbcTemplate jdbc, String id) {
    jdbc.update("insert into scratch (id) values (?)", id);
  }

  private static List<String> ids(JdbcTemplate jdbc) {
    return jdbc.queryForList("select id from scratch", String.class);
  }
}
