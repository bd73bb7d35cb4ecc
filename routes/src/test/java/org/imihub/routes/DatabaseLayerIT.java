package org.imihub.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.contract.signature.SigningIdentity;
import org.imihub.contract.signature.XmlSigner;
import org.imihub.routes.audit.AuditLog;
import org.imihub.routes.delivery.DeliveryLedger;
import org.imihub.routes.delivery.DeliveryStatus;
import org.imihub.routes.directory.Authority;
import org.imihub.routes.directory.ConnectorType;
import org.imihub.routes.directory.Directory;
import org.imihub.routes.exchange.ExchangeBook;
import org.imihub.routes.exchange.ExchangeTracking;
import org.imihub.routes.ingest.Inbound;
import org.imihub.routes.ingest.InboundChecks;
import org.imihub.routes.ingest.MessageLedger;
import org.imihub.routes.ingest.ReceiptIssuer;
import org.imihub.routes.testsupport.DemoEnvelopes;
import org.imihub.testsupport.PostgresServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.unit.DataSize;

/**
 * The database layer on both databases the hub supports: the Flyway migrations, and every
 * repository's reads and writes, on embedded H2 and on a real PostgreSQL server started here.
 */
class DatabaseLayerIT {
  static final Path PKI = DemoEnvelopes.PKI;
  static final Clock CLOCK = Clock.fixed(Instant.parse("2027-01-01T12:00:00Z"), ZoneOffset.UTC);

  static Stream<Arguments> databases() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    PostgresServer postgres = PostgresServer.shared();
    String database = "hub_" + UUID.randomUUID().toString().replace("-", "");
    new JdbcTemplate(postgres.dataSource()).execute("create database " + database);
    return Stream.of(
        Arguments.of("H2", h2), Arguments.of("PostgreSQL", postgres.dataSource(database)));
  }

  // Migrations apply; a message is recorded once, its resend recognised, a reused id refused;
  // bookkeeping is idempotent; deliveries move through their states; tracking shows only the
  // involved.
  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void repositoriesWork(String name, DataSource dataSource) throws Exception {
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    Directory directory = new Directory(jdbc);
    SigningIdentity hub = DemoEnvelopes.identity("hub");
    MessageLedger messages = new MessageLedger(jdbc, new ReceiptIssuer(new XmlSigner(hub)), CLOCK);
    ExchangeBook book = new ExchangeBook(jdbc, CLOCK);
    DeliveryLedger deliveries = new DeliveryLedger(jdbc, CLOCK);
    ExchangeTracking tracking = new ExchangeTracking(jdbc, messages);

    for (String id : List.of("HU-EEKH", "FR-CNOM", "DE-BAEK")) {
      directory.register(
          new Authority(id, id + " (demo)", id.substring(0, 2), "en", ConnectorType.MAILBOX, null),
          SigningIdentity.readCertificates(PKI.resolve(id + ".crt")));
    }
    directory.register(
        new Authority(
            "FR-CNOM",
            "Ordre",
            "FR",
            "fr",
            ConnectorType.WEBHOOK,
            java.net.URI.create("https://backoffice.example/imi")),
        List.of());
    assertThat(directory.find("FR-CNOM"))
        .hasValueSatisfying(
            fr -> {
              assertThat(fr.connector()).isEqualTo(ConnectorType.WEBHOOK);
              assertThat(fr.language()).isEqualTo("fr");
            });
    assertThat(
            directory.findByCertificate(
                SigningIdentity.readCertificates(PKI.resolve("HU-EEKH.crt")).get(0)))
        .hasValueSatisfying(hu -> assertThat(hu.id()).isEqualTo("HU-EEKH"));
    assertThat(directory.certificatesOf("DE-BAEK")).hasSize(1);

    InboundChecks checks = new InboundChecks(directory, messages, CLOCK, properties());
    byte[] request =
        DemoEnvelopes.request(
            "golden-valid-request", "HU-EEKH", "FR-CNOM", "Is the diploma genuine?");
    Inbound first = checked(checks, request);
    messages.record(first);
    assertThat(first.handOffNeeded()).isTrue();
    messages.markHandedOff(first);
    Inbound resend = checked(checks, request);
    messages.record(resend);
    assertThat(resend.handOffNeeded()).isFalse();
    assertThat(resend.receipt()).isEqualTo(first.receipt());
    assertThat(messages.signedBytes("golden-valid-request")).isEqualTo(first.bytes());
    Inbound reused =
        checked(
            checks,
            DemoEnvelopes.request(
                "golden-valid-request",
                "HU-EEKH",
                "FR-CNOM",
                "Is the professional legally established?"));
    assertThatThrownBy(() -> messages.record(reused))
        .isInstanceOfSatisfying(
            HubException.class,
            refused -> assertThat(refused.code()).isEqualTo(ErrorCode.MESSAGE_ID_REUSED));

    for (int attempt = 0; attempt < 2; attempt++) {
      assertThat(
              book.recordMessage(
                  "golden-valid-request",
                  "exchange-golden-valid-request",
                  "PQ-CHECK",
                  "HU-EEKH",
                  List.of("FR-CNOM")))
          .isTrue();
    }
    assertThat(jdbc.queryForObject("select count(*) from exchange", Integer.class)).isEqualTo(1);
    assertThat(
            book.recordMessage(
                "never-recorded", "exchange-x", "PQ-CHECK", "HU-EEKH", List.of("FR-CNOM")))
        .as("a hand-off that was undone is not delivered")
        .isFalse();
    assertThat(messages.exchange("exchange-golden-valid-request"))
        .hasValueSatisfying(
            facts -> assertThat(facts.parties()).containsExactlyInAnyOrder("HU-EEKH", "FR-CNOM"));
    String deliveryId = ExchangeBook.deliveryId("golden-valid-request", "FR-CNOM");
    assertThat(deliveries.find(deliveryId))
        .hasValueSatisfying(d -> assertThat(d.status()).isEqualTo(DeliveryStatus.QUEUED));

    deliveries.failedAttempt(
        deliveryId, DeliveryStatus.RETRYING, "CONNECTION_REFUSED: connection refused");
    deliveries.handedOver(deliveryId, DeliveryStatus.IN_MAILBOX);
    assertThat(deliveries.acknowledged(deliveryId, "DE-BAEK"))
        .as("only the recipient acknowledges")
        .isFalse();
    assertThat(deliveries.acknowledged(deliveryId, "FR-CNOM")).isTrue();
    assertThat(deliveries.find(deliveryId))
        .hasValueSatisfying(
            d -> {
              assertThat(d.status()).isEqualTo(DeliveryStatus.ACKNOWLEDGED);
              assertThat(d.attempts()).isEqualTo(2);
            });

    assertThat(tracking.find("exchange-golden-valid-request", "HU-EEKH"))
        .hasValueSatisfying(
            exchange ->
                assertThat(exchange.getMessage().get(0).getDelivery().get(0).getRecipient())
                    .isEqualTo("FR-CNOM"));
    assertThat(tracking.find("exchange-golden-valid-request", "FR-CNOM")).isPresent();
    assertThat(tracking.find("exchange-golden-valid-request", "DE-BAEK")).isEmpty();
    assertThat(tracking.find("no-such-exchange", "HU-EEKH")).isEmpty();

    new AuditLog(jdbc, CLOCK).record("HU-EEKH", "SUBMIT", "golden-valid-request", "ACCEPTED");
    assertThat(jdbc.queryForObject("select count(*) from audit_event", Integer.class)).isEqualTo(1);
  }

  private static Inbound checked(InboundChecks checks, byte[] bytes) {
    Inbound inbound = new Inbound(bytes, "HU-EEKH");
    checks.parse(inbound);
    checks.validateSchema(inbound);
    checks.verifySignature(inbound);
    checks.checkSender(inbound);
    checks.checkRecipients(inbound);
    checks.checkExchange(inbound);
    return inbound;
  }

  private static HubProperties properties() {
    return new HubProperties(
        null,
        null,
        new HubProperties.Ingest(DataSize.ofMegabytes(10)),
        new HubProperties.Queues("hub.inbound", "hub.delivery", "hub.delivery.dlq"),
        new HubProperties.Delivery(
            true, 1, java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1)));
  }
}
