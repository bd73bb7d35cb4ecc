package org.imihub.connectors.mailbox;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.imihub.contract.hub.v1.Mailbox;
import org.imihub.routes.ingest.ReceiptIssuer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The mailboxes: hub-signed deliveries waiting for back offices that pull. An item leaves the
 * mailbox when its recipient acknowledges it, so the hub keeps no copy it no longer needs.
 */
@Component
public class MailboxStore {
  /** The most document bytes one listing carries (see {@link #list}). */
  public static final long DOCUMENTS_PER_LISTING = 2 * 1024 * 1024;

  private final JdbcTemplate jdbc;
  private final Clock clock;

  public MailboxStore(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Puts a delivery into its recipient's mailbox, unless it is there already (a redelivery of one
   * that reached the mailbox before a crash). Without a duplicate-key error: on PostgreSQL an error
   * ends the whole transaction, so a caller could not go on in one after it.
   */
  public void put(String deliveryId, String recipient, byte[] document) {
    jdbc.update(
        "insert into mailbox_item (delivery_id, recipient, available_since, document)"
            + " select ?, ?, ?, ? where not exists"
            + " (select 1 from mailbox_item where delivery_id = ?)",
        deliveryId,
        recipient,
        OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC),
        document,
        deliveryId);
  }

  /**
   * The recipient's waiting deliveries, oldest first, at most {@code limit}; with {@code
   * withDocuments}, each with its hub-signed document, and no more than {@link
   * #DOCUMENTS_PER_LISTING} bytes of them (always the first, however large), so that one listing
   * cannot take the heap: the rest come with the next. The documents are read one by one after the
   * listing, which only reads their sizes: the listing's sort would otherwise hold every waiting
   * document in memory at once.
   */
  public List<Mailbox.Entry> list(String recipient, int limit, boolean withDocuments) {
    List<Listed> listed =
        jdbc.query(
            "select i.delivery_id, d.message_id, d.exchange_id, m.sender, m.message_type,"
                + " i.available_since, octet_length(i.document)"
                + " from mailbox_item i join delivery d on d.id = i.delivery_id join message m on m.id = d.message_id"
                + " where i.recipient = ? order by i.available_since, i.delivery_id limit ?",
            (rows, i) -> {
              Mailbox.Entry entry = new Mailbox.Entry();
              entry.setDeliveryId(rows.getString(1));
              entry.setMessageId(rows.getString(2));
              entry.setExchangeId(rows.getString(3));
              entry.setSender(rows.getString(4));
              entry.setMessageType(rows.getString(5));
              entry.setAvailableSince(
                  ReceiptIssuer.xmlTime(rows.getObject(6, OffsetDateTime.class).toInstant()));
              return new Listed(entry, rows.getLong(7));
            },
            recipient,
            limit);
    List<Mailbox.Entry> entries = new ArrayList<>();
    long documentBytes = 0;
    for (Listed each : listed) {
      if (withDocuments) {
        documentBytes += each.documentBytes();
        if (!entries.isEmpty() && documentBytes > DOCUMENTS_PER_LISTING) {
          break;
        }
        Optional<byte[]> document = fetch(each.entry().getDeliveryId(), recipient);
        if (document.isEmpty()) {
          continue; // acknowledged since it was listed
        }
        each.entry().setDocument(document.get());
      }
      entries.add(each.entry());
    }
    return entries;
  }

  /** An entry as listed, with the size of its document. */
  private record Listed(Mailbox.Entry entry, long documentBytes) {}

  public Optional<byte[]> fetch(String deliveryId, String recipient) {
    return jdbc
        .query(
            "select document from mailbox_item where delivery_id = ? and recipient = ?",
            (rs, i) -> rs.getBytes(1),
            deliveryId,
            recipient)
        .stream()
        .findFirst();
  }

  /**
   * Takes the delivery out of the recipient's mailbox; false if it was not there (not the
   * recipient's, or taken out before).
   */
  public boolean remove(String deliveryId, String recipient) {
    return jdbc.update(
            "delete from mailbox_item where delivery_id = ? and recipient = ?",
            deliveryId,
            recipient)
        == 1;
  }
}
