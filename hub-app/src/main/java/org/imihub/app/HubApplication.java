package org.imihub.app;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import javax.sql.DataSource;
import org.imihub.app.database.EmbeddedDatabaseUpkeep;
import org.imihub.connectors.ConnectorsConfiguration;
import org.imihub.connectors.dialect.ClosedSaxon;
import org.imihub.connectors.dialect.Dialects;
import org.imihub.contract.signature.NativeCrypto;
import org.imihub.routes.HubProperties;
import org.imihub.routes.RoutesConfiguration;
import org.imihub.routes.directory.Directory;
import org.imihub.routes.directory.DirectoryFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * imi-hub: assembles the routes and connectors libraries with an embedded broker and database, and
 * starts them. The logic lives in the libraries.
 */
@SpringBootApplication(exclude = ArtemisAutoConfiguration.class)
@Import({RoutesConfiguration.class, ConnectorsConfiguration.class})
public class HubApplication {
  private static final Logger log = LoggerFactory.getLogger(HubApplication.class);

  // In a static initialiser, so that tests starting the hub from this class get it too.
  static {
    NativeCrypto.install();
    ClosedSaxon.keepOutOfJvmDefaults();
  }

  public static void main(String[] args) {
    SpringApplication.run(HubApplication.class, args);
  }

  /**
   * The database's transaction manager, for @Transactional. Declared here because the JMS
   * transaction manager the routes need would otherwise stop Spring Boot from creating it.
   */
  @Bean
  @Primary
  public PlatformTransactionManager transactionManager(DataSource dataSource) {
    return new DataSourceTransactionManager(dataSource);
  }

  /** Keeps the embedded H2 file compact and forced to the disk (nothing for PostgreSQL). */
  @Bean(destroyMethod = "close")
  public AutoCloseable embeddedDatabaseUpkeep(
      DataSource dataSource, MeterRegistry meters, HubProperties properties) throws SQLException {
    return EmbeddedDatabaseUpkeep.start(dataSource, properties.database().upkeepInterval(), meters);
  }

  @Bean
  public InitializingBean cryptographyReport() {
    return () -> log.info(NativeCrypto.describe());
  }

  @Bean
  public Clock clock() {
    return Clock.systemUTC();
  }

  /** Loads the directory file (if one is configured) once the database schema is in place. */
  @Bean
  public InitializingBean directoryFileLoader(
      HubProperties properties, Directory directory, Dialects dialects) {
    return () -> {
      if (properties.directoryPath() != null) {
        DirectoryFile.load(properties.directoryPath(), directory, dialects.names());
      }
    };
  }
}
