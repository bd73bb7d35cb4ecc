package org.imihub.testsupport;

import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.params.provider.Arguments;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The two databases the hub supports, each new and migrated, for a parameterised test:
 * {@code @MethodSource("org.imihub.testsupport.BothDatabases#migrated")}, whose parameters are
 * (String name, DataSource dataSource). H2 in memory, and a database of its own on the shared
 * PostgreSQL server.
 */
public final class BothDatabases {
  private BothDatabases() {}

  public static Stream<Arguments> migrated() {
    PostgresServer postgres = PostgresServer.shared();
    String database = "hub_" + UUID.randomUUID().toString().replace("-", "");
    new JdbcTemplate(postgres.dataSource()).execute("create database " + database);
    return Stream.of(
        Arguments.of("H2", h2()),
        Arguments.of("PostgreSQL", migrated(postgres.dataSource(database), "postgresql")));
  }

  /** A new H2 database in memory, migrated: for a test whose SQL is not the question. */
  public static DataSource h2() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return migrated(h2, "h2");
  }

  /** As the hub migrates (config/application.yml): the common migrations and the vendor's. */
  private static DataSource migrated(DataSource dataSource, String vendor) {
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration", "classpath:db/vendor/" + vendor)
        .load()
        .migrate();
    return dataSource;
  }
}
