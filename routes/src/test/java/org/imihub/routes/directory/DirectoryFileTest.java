package org.imihub.routes.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Loading a directory file: the demo one loads; a wrong one stops with a sentence naming the entry,
 * storing nothing.
 */
class DirectoryFileTest {
  @TempDir Path folder;
  private Directory directory;
  private JdbcTemplate jdbc;

  @BeforeEach
  void emptyDatabase() throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    Flyway.configure().dataSource(h2).load().migrate();
    jdbc = new JdbcTemplate(h2);
    directory = new Directory(jdbc);
    Files.copy(Path.of("../config/demo-pki/HU-EEKH.crt"), folder.resolve("HU-EEKH.crt"));
  }

  // config/demo-directory.yml → six authorities and six national coordinators, each with its
  // certificate.
  @Test
  void demoDirectoryLoads() {
    DirectoryFile.load(Path.of("../config/demo-directory.yml"), directory);
    assertThat(jdbc.queryForObject("select count(*) from authority", Integer.class)).isEqualTo(13);
    assertThat(directory.certificatesOf("NO-HDIR")).hasSize(1);
    assertThat(directory.coordinatorsOf("HU"))
        .extracting(Authority::id)
        .containsExactly("HU-NIMIC");
    assertThat(directory.find("HU-EEKH").orElseThrow().roles()).isEmpty();
  }

  // A webhook over plain http → refused, naming the authority; the valid entry before it is not
  // stored.
  @Test
  void plainHttpWebhookIsRefused() throws Exception {
    Path file =
        write(
            """
        authorities:
          - {id: HU-EEKH, name: ok, country: HU, language: hu, connector: MAILBOX, certificates: [HU-EEKH.crt]}
          - {id: FR-CNOM, name: bad, country: FR, language: fr, connector: WEBHOOK,
             endpoint: "http://backoffice.example/imi", certificates: [HU-EEKH.crt]}
        """);
    assertThatThrownBy(() -> DirectoryFile.load(file, directory))
        .hasMessageContaining("FR-CNOM")
        .hasMessageContaining("https://");
    assertThat(jdbc.queryForObject("select count(*) from authority", Integer.class)).isZero();
  }

  // A language the hub does not speak → refused, nothing stored; "no" is Norwegian Bokmål.
  @Test
  void anUnknownLanguageIsRefusedAndNorwegianIsRead() throws Exception {
    Path file =
        write(
            """
        authorities:
          - {id: HU-EEKH, name: ok, country: HU, language: hu, connector: MAILBOX, certificates: [HU-EEKH.crt]}
          - {id: FR-CNOM, name: bad, country: FR, language: fx, connector: MAILBOX, certificates: [HU-EEKH.crt]}
        """);
    assertThatThrownBy(() -> DirectoryFile.load(file, directory))
        .hasMessageContaining("FR-CNOM")
        .hasMessageContaining("fx");
    assertThat(jdbc.queryForObject("select count(*) from authority", Integer.class)).isZero();

    DirectoryFile.load(
        write(
            """
        authorities:
          - {id: NO-HDIR, name: ok, country: "NO", language: "no", connector: MAILBOX, certificates: [HU-EEKH.crt]}
        """),
        directory);
    assertThat(directory.find("NO-HDIR").orElseThrow().language()).isEqualTo("nb");
  }

  // A missing certificate file, or an unknown key → refused with the file or key named.
  @Test
  void missingCertificateAndUnknownKeysAreRefused() throws Exception {
    Path missing =
        write(
            """
        authorities:
          - {id: HU-EEKH, name: x, country: HU, language: hu, connector: MAILBOX, certificates: [nowhere.crt]}
        """);
    assertThatThrownBy(() -> DirectoryFile.load(missing, directory))
        .hasMessageContaining("HU-EEKH");
    Path typo =
        write(
            """
        authorities:
          - {id: HU-EEKH, name: x, country: HU, language: hu, conector: MAILBOX, certificates: [HU-EEKH.crt]}
        """);
    assertThatThrownBy(() -> DirectoryFile.load(typo, directory)).hasMessageContaining("conector");
  }

  private Path write(String yaml) throws Exception {
    Path file = folder.resolve("directory-" + UUID.randomUUID() + ".yml");
    Files.writeString(file, yaml);
    return file;
  }
}
