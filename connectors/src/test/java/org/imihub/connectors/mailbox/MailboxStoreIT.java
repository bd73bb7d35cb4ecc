package org.imihub.connectors.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The mailbox's SQL on both databases the hub supports, inside transactions as the delivery step
 * runs it: a delivery is put with its status in one commit, a redelivery's second put changes
 * nothing and ends nothing (on PostgreSQL an error would end the whole transaction), and only the
 * recipient sees or takes its delivery; a listing with the documents stays within its budget.
 */
class MailboxStoreIT {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2027-01-01T12:00:00Z"), ZoneOffset.UTC);

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.imihub.testsupport.BothDatabases#migrated")
  void deliveryIsPutWithItsStatusOnceAndOnlyItsRecipientTakesIt(
      String name, DataSource dataSource) {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    TransactionTemplate transactions =
        new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    MailboxStore mailbox = new MailboxStore(jdbc, CLOCK);
    String delivered = booked(jdbc, "FR-CNOM");
    String notRecorded = booked(jdbc, "FR-CNOM");
    byte[] document = "<Delivery/>".getBytes(StandardCharsets.UTF_8);

    transactions.executeWithoutResult(
        status -> {
          mailbox.put(delivered, "FR-CNOM", document);
          mailbox.put(delivered, "FR-CNOM", document); // a redelivery after a crash
          jdbc.update("update delivery set status = 'IN_MAILBOX' where id = ?", delivered);
        });
    assertThatThrownBy(
            () ->
                transactions.executeWithoutResult(
                    status -> {
                      mailbox.put(notRecorded, "FR-CNOM", document);
                      // Longer than the status column: the status cannot be recorded.
                      jdbc.update(
                          "update delivery set status = ? where id = ?",
                          "A_STATUS_LONGER_THAN_TWENTY_CHARACTERS",
                          notRecorded);
                    }))
        .isInstanceOf(RuntimeException.class);

    assertThat(mailbox.list("FR-CNOM", 100, false))
        .as("the delivery once, and not the one whose status failed")
        .singleElement()
        .satisfies(entry -> assertThat(entry.getDeliveryId()).isEqualTo(delivered));
    assertThat(status(jdbc, delivered)).isEqualTo("IN_MAILBOX");
    assertThat(status(jdbc, notRecorded)).isEqualTo("QUEUED");
    assertThat(mailbox.list("DE-BAEK", 100, false)).isEmpty();
    assertThat(mailbox.fetch(delivered, "DE-BAEK")).isEmpty();
    assertThat(mailbox.fetch(delivered, "FR-CNOM")).hasValue(document);
    assertThat(mailbox.remove(delivered, "DE-BAEK")).as("not DE-BAEK's").isFalse();
    assertThat(mailbox.remove(delivered, "FR-CNOM")).isTrue();
    assertThat(mailbox.remove(delivered, "FR-CNOM")).as("taken out before").isFalse();
    assertThat(mailbox.list("FR-CNOM", 100, false)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.imihub.testsupport.BothDatabases#migrated")
  void aListingWithDocumentsCarriesAtMostItsBudgetButAlwaysTheFirst(
      String name, DataSource dataSource) {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    MailboxStore mailbox = new MailboxStore(jdbc, CLOCK);
    // Put at the same moment (the clock is fixed), so listed in delivery id order.
    List<String> ids = Stream.of(booked(jdbc, "SE-UHR"), booked(jdbc, "SE-UHR")).sorted().toList();
    int aLittleMoreThanHalf = (int) (MailboxStore.DOCUMENTS_PER_LISTING / 2) + 1;
    byte[] first = filled(aLittleMoreThanHalf, 'a');
    byte[] second = filled(aLittleMoreThanHalf, 'b');
    mailbox.put(ids.get(0), "SE-UHR", first);
    mailbox.put(ids.get(1), "SE-UHR", second);

    assertThat(mailbox.list("SE-UHR", 100, false))
        .as("without documents: every entry, no document")
        .hasSize(2)
        .allSatisfy(entry -> assertThat(entry.getDocument()).isNull());
    assertThat(mailbox.list("SE-UHR", 100, true))
        .as("the second would pass the budget: it comes with the next listing")
        .singleElement()
        .satisfies(entry -> assertThat(entry.getDocument()).isEqualTo(first));
    assertThat(mailbox.remove(ids.get(0), "SE-UHR")).isTrue();
    assertThat(mailbox.list("SE-UHR", 100, true))
        .singleElement()
        .satisfies(entry -> assertThat(entry.getDocument()).isEqualTo(second));

    byte[] overBudget = filled((int) MailboxStore.DOCUMENTS_PER_LISTING + 1, 'c');
    String large = booked(jdbc, "SE-UHR");
    mailbox.remove(ids.get(1), "SE-UHR");
    mailbox.put(large, "SE-UHR", overBudget);
    assertThat(mailbox.list("SE-UHR", 100, true))
        .as("a first entry larger than the budget all the same")
        .singleElement()
        .satisfies(entry -> assertThat(entry.getDocument()).hasSize(overBudget.length));
    assertThat(mailbox.list("SE-UHR", 100, false)).hasSize(1);
  }

  private static byte[] filled(int size, char with) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, (byte) with);
    return bytes;
  }

  /** A message from HU-EEKH with one delivery booked for {@code recipient}; its delivery id. */
  private static String booked(JdbcTemplate jdbc, String recipient) {
    String messageId = UUID.randomUUID().toString();
    Timestamp now = Timestamp.from(CLOCK.instant());
    jdbc.update(
        "insert into message (id, exchange_id, message_type, procedure_code, sender, recipients,"
            + " received_at, signed_digest, signed_bytes, receipt, handed_off)"
            + " values (?, ?, 'REQUEST', 'IMI-PQ-DIPLOMA', 'HU-EEKH', ?, ?, 'digest', ?, null, true)",
        messageId,
        "exchange-" + messageId,
        recipient,
        now,
        "<Envelope/>".getBytes(StandardCharsets.UTF_8));
    String deliveryId = messageId + "~" + recipient;
    jdbc.update(
        "insert into delivery (id, message_id, exchange_id, recipient, status, attempts, updated_at)"
            + " values (?, ?, ?, ?, 'QUEUED', 0, ?)",
        deliveryId,
        messageId,
        "exchange-" + messageId,
        recipient,
        now);
    return deliveryId;
  }

  private static String status(JdbcTemplate jdbc, String deliveryId) {
    return jdbc.queryForObject(
        "select status from delivery where id = ?", String.class, deliveryId);
  }
}
