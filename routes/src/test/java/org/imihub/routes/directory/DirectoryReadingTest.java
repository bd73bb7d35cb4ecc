package org.imihub.routes.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

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

  private static Authority authority(String id, String country, Set<String> policyAreas) {
    return new Authority(
        id, id, country, "en", ConnectorType.MAILBOX, (URI) null, Set.of(), policyAreas, null);
  }
}
