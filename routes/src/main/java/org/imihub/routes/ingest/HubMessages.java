package org.imihub.routes.ingest;

import java.time.Instant;
import java.util.List;
import org.imihub.routes.HubProperties;
import org.imihub.routes.database.SharedCommits;
import org.imihub.routes.delivery.DeliveryQueues;
import org.imihub.routes.exchange.ExchangeBook;
import org.imihub.routes.exchange.ExchangeRecord;
import org.imihub.routes.exchange.ExchangeStore;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jms.connection.SynchedLocalTransactionFailedException;
import org.springframework.stereotype.Component;

/**
 * Issues a document of the hub's own (a deadline notice, a translation that follows its message)
 * into an exchange: recorded as a message of the exchange, noted as a step in its tracking, its
 * deliveries booked and put on the delivery queue, in one unit of work, as the ingest does for an
 * authority's message. Ids are derived from what the document is about, so issuing the same one
 * twice (two nodes, a retry) records it once.
 */
@Component
public class HubMessages {
  private final MessageLedger messages;
  private final ExchangeStore exchanges;
  private final ExchangeBook book;
  private final DeliveryQueues deliveryQueues;
  private final SharedCommits commits;
  private final String hubId;

  public HubMessages(
      MessageLedger messages,
      ExchangeStore exchanges,
      ExchangeBook book,
      DeliveryQueues deliveryQueues,
      SharedCommits commits,
      HubProperties properties) {
    this.messages = messages;
    this.exchanges = exchanges;
    this.book = book;
    this.deliveryQueues = deliveryQueues;
    this.commits = commits;
    this.hubId = properties.id();
  }

  /** What became of an issue. */
  public enum Outcome {
    ISSUED,
    /** Issued before, here or on another node: nothing done. */
    ISSUED_BEFORE,
    /** The broker did not take it: nothing kept, so that issuing it again later works. */
    NOT_QUEUED
  }

  /**
   * @param messageId the document's id, derived from what it is about
   * @param kind its message type in the exchange's tracking (e.g. REMINDER, TRANSLATION)
   * @param signedDocument the document, signed by the hub
   */
  public Outcome issue(
      String messageId,
      ExchangeRecord exchange,
      String kind,
      List<String> recipients,
      byte[] signedDocument,
      Instant now) {
    try {
      commits.run(
          () -> {
            messages.insertHubNotice(
                messageId,
                exchange.id(),
                kind,
                exchange.procedureCode(),
                hubId,
                recipients,
                signedDocument,
                now);
            exchanges.note(exchange, messageId, kind, hubId, now);
            deliveryQueues.enqueue(
                book.bookDeliveries(messageId, kind, exchange.id(), recipients).orders());
          });
      return Outcome.ISSUED;
    } catch (DuplicateKeyException issuedBefore) {
      return Outcome.ISSUED_BEFORE;
    } catch (SynchedLocalTransactionFailedException brokerLostIt) {
      // Recorded but not queued: forget it, so that it is issued again.
      messages.forgetHubNotice(messageId);
      return Outcome.NOT_QUEUED;
    }
  }
}
