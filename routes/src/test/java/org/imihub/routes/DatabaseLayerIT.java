package org.imihub.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
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
import org.imihub.routes.exchange.ExchangeRecord;
import org.imihub.routes.exchange.ExchangeStore;
import org.imihub.routes.exchange.ExchangeTracking;
import org.imihub.routes.exchange.RequestLifecycle;
import org.imihub.routes.exchange.RequestLifecycle.Action;
import org.imihub.routes.exchange.RequestLifecycle.Party;
import org.imihub.routes.exchange.RequestLifecycle.Step;
import org.imihub.routes.ingest.Inbound;
import org.imihub.routes.ingest.InboundChecks;
import org.imihub.routes.ingest.MessageLedger;
import org.imihub.routes.ingest.ReceiptIssuer;
import org.imihub.routes.procedure.ProcedureCatalogue;
import org.imihub.routes.testsupport.DemoEnvelopes;
import org.imihub.routes.testsupport.HubTestProperties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The database layer on both databases the hub supports: the Flyway migrations (applied by {@link
 * org.imihub.testsupport.BothDatabases}), and every repository's reads and writes, on embedded H2
 * and on a real PostgreSQL server started here.
 */
class DatabaseLayerIT {
  static final Path PKI = DemoEnvelopes.PKI;
  static final Clock CLOCK = Clock.fixed(Instant.parse("2027-01-01T12:00:00Z"), ZoneOffset.UTC);

  // Migrations apply; a message is recorded once, its resend recognised, a reused id refused; an
  // exchange moves through its lifecycle with events, and a stale change is refused; bookkeeping
  // is idempotent; deliveries move through their states; tracking shows only the parties.
  @ParameterizedTest(name = "{0}")
  @MethodSource("org.imihub.testsupport.BothDatabases#migrated")
  void repositoriesWork(String name, DataSource dataSource) throws Exception {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    Directory directory = new Directory(jdbc);
    MessageLedger messages = new MessageLedger(jdbc);
    ExchangeStore exchanges = new ExchangeStore(jdbc);
    ExchangeBook book = new ExchangeBook(jdbc, CLOCK);
    DeliveryLedger deliveries = new DeliveryLedger(jdbc, CLOCK);
    ExchangeTracking tracking = new ExchangeTracking(jdbc, exchanges);
    ReceiptIssuer receipts = new ReceiptIssuer(new XmlSigner(DemoEnvelopes.identity("hub")));

    for (String id : List.of("HU-EEKH", "FR-CNOM", "DE-BAEK")) {
      directory.register(
          new Authority(id, id + " (demo)", id.substring(0, 2), "en", ConnectorType.MAILBOX, null),
          SigningIdentity.readCertificates(PKI.resolve(id + ".crt")));
    }
    directory.register(
        directory
            .find("FR-CNOM")
            .orElseThrow()
            .withConnector(
                ConnectorType.WEBHOOK, java.net.URI.create("https://backoffice.example/imi")),
        List.of());
    assertThat(directory.find("FR-CNOM"))
        .hasValueSatisfying(fr -> assertThat(fr.connector()).isEqualTo(ConnectorType.WEBHOOK));
    assertThat(
            directory.authorityIdOf(
                SigningIdentity.readCertificates(PKI.resolve("HU-EEKH.crt")).get(0)))
        .hasValue("HU-EEKH");
    // Not known yet, then registered: the look-up keeps what it found, not what it did not.
    X509Certificate ptCertificate =
        SigningIdentity.readCertificates(PKI.resolve("PT-OM.crt")).get(0);
    assertThat(directory.authorityIdOf(ptCertificate)).isEmpty();
    directory.register(
        new Authority("PT-OM", "PT-OM (demo)", "PT", "pt", ConnectorType.MAILBOX, null),
        List.of(ptCertificate));
    assertThat(directory.authorityIdOf(ptCertificate)).hasValue("PT-OM");
    assertThat(directory.certificatesOf("DE-BAEK")).hasSize(1);

    InboundChecks checks =
        new InboundChecks(
            directory,
            new XmlSigner(DemoEnvelopes.identity("hub")),
            ProcedureCatalogue.load(Path.of("../config/procedures")),
            exchanges,
            CLOCK,
            properties());
    byte[] request = DemoEnvelopes.request("m-1", "HU-EEKH", "FR-CNOM", "Is the diploma genuine?");
    Inbound first = checked(checks, messages, request);
    assertThat(first.duplicate()).isFalse();
    byte[] receipt = receipts.issue(first, CLOCK.instant());
    messages.insert(first, receipt, CLOCK.instant());
    exchanges.open(
        ExchangeRecord.request(
            "exchange-m-1", "PQ-CHECK", "HU-EEKH", "FR-CNOM", null, CLOCK.instant()),
        "m-1",
        "REQUEST",
        CLOCK.instant(),
        null);

    Inbound resend = checked(checks, messages, request);
    assertThat(resend.duplicate()).isTrue();
    assertThat(resend.receipt()).isEqualTo(receipt);
    assertThat(messages.signedBytes("m-1")).isEqualTo(request);
    assertThatThrownBy(
            () ->
                checked(
                    checks,
                    messages,
                    DemoEnvelopes.request("m-1", "HU-EEKH", "FR-CNOM", "Other content")))
        .isInstanceOfSatisfying(
            HubException.class,
            refused -> assertThat(refused.code()).isEqualTo(ErrorCode.MESSAGE_ID_REUSED));

    book.bookDeliveries("m-1", "REQUEST", "exchange-m-1", List.of("FR-CNOM"));
    book.bookDeliveries("m-1", "REQUEST", "exchange-m-1", List.of("FR-CNOM"));
    assertThat(jdbc.queryForObject("select count(*) from delivery", Integer.class)).isEqualTo(1);

    String deliveryId = ExchangeBook.deliveryId("m-1", "FR-CNOM");
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
    // A quick back office acknowledges a mailbox delivery before the route records IN_MAILBOX.
    deliveries.handedOver(deliveryId, DeliveryStatus.IN_MAILBOX);
    assertThat(deliveries.find(deliveryId))
        .as("a late hand-over does not undo the acknowledgement")
        .hasValueSatisfying(d -> assertThat(d.status()).isEqualTo(DeliveryStatus.ACKNOWLEDGED));

    assertThat(tracking.find("exchange-m-1", "HU-EEKH"))
        .hasValueSatisfying(
            exchange -> {
              assertThat(exchange.getState()).isEqualTo("SENT");
              assertThat(exchange.getEvent())
                  .singleElement()
                  .satisfies(event -> assertThat(event.getAction()).isEqualTo("REQUEST"));
              assertThat(exchange.getMessage().get(0).getDelivery().get(0).getRecipient())
                  .isEqualTo("FR-CNOM");
            });
    assertThat(tracking.find("exchange-m-1", "FR-CNOM")).isPresent();
    assertThat(tracking.find("exchange-m-1", "DE-BAEK")).isEmpty();
    assertThat(tracking.find("no-such-exchange", "HU-EEKH")).isEmpty();

    new AuditLog(jdbc, CLOCK).record("HU-EEKH", "SUBMIT", "m-1", "ACCEPTED");
    assertThat(jdbc.queryForObject("select count(*) from audit_event", Integer.class)).isEqualTo(1);
  }

  // An exchange changed by someone else since it was read is not overwritten (optimistic locking).
  @ParameterizedTest(name = "{0}")
  @MethodSource("org.imihub.testsupport.BothDatabases#migrated")
  void staleChangeIsRefused(String name, DataSource dataSource) {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    ExchangeStore exchanges = new ExchangeStore(jdbc);
    for (String id : List.of("r-1", "a-1", "w-1")) {
      jdbc.update(
          "insert into message (id, exchange_id, message_type, procedure_code, sender, recipients,"
              + " received_at, signed_digest, receipt, handed_off) values (?, 'x-1', 'REQUEST', 'PQ-CHECK', 'HU-EEKH',"
              + " 'FR-CNOM', current_timestamp, 'd', ?, true)",
          id,
          new byte[] {1});
    }
    exchanges.open(
        ExchangeRecord.request("x-1", "PQ-CHECK", "HU-EEKH", "FR-CNOM", null, CLOCK.instant()),
        "r-1",
        "REQUEST",
        CLOCK.instant(),
        null);
    ExchangeRecord read = exchanges.find("x-1").orElseThrow();
    Step accept = RequestLifecycle.decide(read.requestState(), Action.ACCEPT, Party.RESPONDER);
    Step withdraw = RequestLifecycle.decide(read.requestState(), Action.WITHDRAW, Party.REQUESTER);
    exchanges.change(
        read,
        read.after(accept, "FR-CNOM", null, CLOCK.instant()),
        "a-1",
        "ACCEPT",
        "FR-CNOM",
        CLOCK.instant(),
        null);
    assertThatThrownBy(
            () ->
                exchanges.change(
                    read,
                    read.after(withdraw, "HU-EEKH", null, CLOCK.instant()),
                    "w-1",
                    "WITHDRAW",
                    "HU-EEKH",
                    CLOCK.instant(),
                    null))
        .isInstanceOfSatisfying(
            HubException.class,
            refused -> assertThat(refused.code()).isEqualTo(ErrorCode.EXCHANGE_CONFLICT));
    assertThat(exchanges.find("x-1").orElseThrow().requestState())
        .isEqualTo(RequestLifecycle.State.ACCEPTED);
    assertThat(exchanges.events("x-1"))
        .extracting(ExchangeStore.Event::action)
        .containsExactly("REQUEST", "ACCEPT");
  }

  // The vendor's own migrations apply: on H2 the identity columns of the hot path keep a thousand
  // values in memory (db/vendor/h2); PostgreSQL keeps its default of one per connection, so that
  // exchange events are numbered in the order they commit.
  @ParameterizedTest(name = "{0}")
  @MethodSource("org.imihub.testsupport.BothDatabases#migrated")
  void identityValuesAreCachedOnlyOnH2(String name, DataSource dataSource) {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    List<Long> caches =
        jdbc.queryForList(
            name.equals("H2")
                ? "select identity_cache from information_schema.columns where is_identity = 'YES'"
                    + " and table_name in ('AUDIT_EVENT', 'EXCHANGE_EVENT')"
                : "select cache_size from pg_sequences where sequencename like 'audit_event%'"
                    + " or sequencename like 'exchange_event%'",
            Long.class);
    assertThat(caches).hasSize(2).containsOnly(name.equals("H2") ? 1000L : 1L);
  }

  // Every index on the hot tables is a leaf page each message rewrites at the commit, so they keep
  // only those a query needs (V12, V13, docs/performance.md): a message its primary key (its
  // exchange's messages are found through the exchange's events), a delivery its id (message~
  // recipient, so unique per message and recipient) and one that finds a message's deliveries
  // (H2's for the foreign key, PostgreSQL's delivery_by_message), which the queries by message use.
  @ParameterizedTest(name = "{0}")
  @MethodSource("org.imihub.testsupport.BothDatabases#migrated")
  void theHotTablesKeepOnlyTheIndexesTheirQueriesUse(String name, DataSource dataSource) {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    boolean h2 = name.equals("H2");
    String indexes =
        h2
            ? "select index_name from information_schema.indexes where table_name = upper(?)"
            : "select indexname from pg_indexes where tablename = ?";
    assertThat(jdbc.queryForList(indexes, String.class, "message")).hasSize(1);
    assertThat(jdbc.queryForList(indexes, String.class, "delivery")).hasSize(2);
    String plan =
        jdbc.execute(
            (Connection connection) -> {
              try (var statement = connection.createStatement()) {
                if (!h2) {
                  // A table this small is read whole otherwise, whatever its indexes.
                  statement.execute("set enable_seqscan = off");
                }
                var result =
                    statement.executeQuery(
                        "explain select id from delivery where exchange_id = 'X-1'"
                            + " and message_id in ('M-1', 'M-2')");
                StringBuilder lines = new StringBuilder();
                while (result.next()) {
                  lines.append(result.getString(1)).append('\n');
                }
                if (!h2) {
                  statement.execute("reset enable_seqscan");
                }
                return lines.toString();
              }
            });
    assertThat(plan.toLowerCase()).contains("index").doesNotContain("tablescan", "seq scan");
  }

  private static Inbound checked(InboundChecks checks, MessageLedger messages, byte[] bytes) {
    Inbound inbound = new Inbound(bytes, "HU-EEKH");
    checks.parse(inbound);
    checks.validateSchema(inbound);
    checks.verifySignature(inbound);
    checks.checkSender(inbound);
    checks.checkRecipients(inbound);
    messages.recognise(inbound);
    checks.checkLifecycle(inbound);
    return inbound;
  }

  private static HubProperties properties() {
    return HubTestProperties.withDelivery(
        new HubProperties.Delivery(
            true,
            1,
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            Duration.ZERO,
            Duration.ofSeconds(2),
            Duration.ofMinutes(1)));
  }
}
