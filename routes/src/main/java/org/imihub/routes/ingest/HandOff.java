package org.imihub.routes.ingest;

import java.time.Clock;
import java.time.Instant;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.routes.audit.AuditLog;
import org.imihub.routes.database.SharedCommits;
import org.imihub.routes.deadline.Deadlines;
import org.imihub.routes.delivery.DeliveryQueues;
import org.imihub.routes.exchange.ExchangeBook;
import org.imihub.routes.exchange.ExchangeStore;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jms.JmsException;
import org.springframework.jms.connection.SynchedLocalTransactionFailedException;
import org.springframework.stereotype.Component;

/**
 * The point where the hub takes responsibility for a message: it records the message, applies its
 * lifecycle step to the exchange, writes the audit line, books the deliveries, and puts one message
 * per delivery on the durable delivery queue, as one unit. The database transaction commits first
 * and the broker's sends right after it (Spring synchronises the transacted JMS session with the
 * database transaction), so the delivery route never sees a delivery the database does not have,
 * and a failed check or write leaves nothing anywhere. The unit shares its commit with the others
 * waiting at that moment ({@link SharedCommits}), and the receipt goes back only after that commit.
 */
@Component
public class HandOff {
  private final MessageLedger messages;
  private final ExchangeStore exchanges;
  private final ExchangeBook book;
  private final ReceiptIssuer receipts;
  private final SharedCommits commits;
  private final DeliveryQueues deliveryQueues;
  private final Deadlines deadlines;
  private final AuditLog audit;
  private final Clock clock;

  public HandOff(
      MessageLedger messages,
      ExchangeStore exchanges,
      ExchangeBook book,
      ReceiptIssuer receipts,
      DeliveryQueues deliveryQueues,
      Deadlines deadlines,
      AuditLog audit,
      SharedCommits commits,
      Clock clock) {
    this.messages = messages;
    this.deadlines = deadlines;
    this.audit = audit;
    this.exchanges = exchanges;
    this.book = book;
    this.receipts = receipts;
    this.commits = commits;
    this.deliveryQueues = deliveryQueues;
    this.clock = clock;
  }

  /** Records and hands off a new message, or hands off again a resend the broker never got. */
  public void recordAndHandOff(Inbound inbound) {
    if (inbound.duplicate) {
      if (inbound.handOffNeeded) {
        handOff(
            () -> {
              messages.handedOff(inbound.messageId(), true);
              audited(inbound, "DUPLICATE");
              // Booked when it was recorded; booking again finds every row there.
              deliveryQueues.enqueue(book(inbound).orders());
            },
            inbound);
      } else {
        audited(inbound, "DUPLICATE");
      }
      return;
    }
    Instant now = clock.instant();
    byte[] receipt = receipts.issue(inbound, now);
    try {
      handOff(
          () -> {
            messages.insert(inbound, receipt, now);
            applyStep(inbound, now);
            audited(inbound, "ACCEPTED");
            deliveryQueues.enqueue(book(inbound).orders());
          },
          inbound);
    } catch (DuplicateKeyException sentTwiceAtOnce) {
      // The same message arrived twice at the same moment and the other copy was recorded first;
      // or another request took the same new exchange id at the same moment.
      messages.recognise(inbound);
      if (!inbound.duplicate) {
        throw new HubException(
            ErrorCode.EXCHANGE_CONFLICT,
            "Exchange id "
                + inbound.header().getExchangeId()
                + " was just taken; a new request needs a new one.");
      }
      recordAndHandOff(inbound);
      return;
    }
    inbound.receipt = receipt;
  }

  private void audited(Inbound inbound, String outcome) {
    audit.record(inbound.caller(), "SUBMIT", inbound.messageId(), outcome);
  }

  private void applyStep(Inbound inbound, Instant now) {
    String action = inbound.header().getMessageType();
    // The step plans the deadline watch's next look at the exchange: no reading it before then.
    Instant watchFrom = deadlines.nextLook(inbound.exchangeAfter, now).orElse(null);
    if (inbound.exchangeBefore == null) {
      exchanges.open(inbound.exchangeAfter, inbound.messageId(), action, now, watchFrom);
    } else {
      exchanges.change(
          inbound.exchangeBefore,
          inbound.exchangeAfter,
          inbound.messageId(),
          action,
          inbound.header().getSender(),
          now,
          watchFrom);
    }
    if (!inbound.newMembers.isEmpty()) {
      exchanges.addMembers(inbound.exchangeAfter.id(), inbound.newMembers, inbound.messageId());
    }
  }

  private void handOff(Runnable unitOfWork, Inbound inbound) {
    try {
      commits.run(unitOfWork);
    } catch (SynchedLocalTransactionFailedException brokerLostIt) {
      // The database committed, the broker's commit did not: the message is recorded but not
      // queued. Marked so, a resend of it is handed off again instead of answered from the ledger.
      messages.handedOff(inbound.messageId(), false);
      throw new HubException(
          ErrorCode.HUB_UNAVAILABLE,
          "The message was recorded but could not be queued;"
              + " send it again to get its receipt.",
          brokerLostIt);
    } catch (JmsException
        | org.springframework.transaction.TransactionException brokerOrDatabaseDown) {
      throw new HubException(
          ErrorCode.HUB_UNAVAILABLE, ErrorCode.HUB_UNAVAILABLE.sentence(), brokerOrDatabaseDown);
    } catch (DuplicateKeyException | HubException expected) {
      throw expected;
    } catch (DataAccessException databaseDown) {
      throw new HubException(
          ErrorCode.HUB_UNAVAILABLE, ErrorCode.HUB_UNAVAILABLE.sentence(), databaseDown);
    }
  }

  /** Books the deliveries, after the step: a forward goes to the exchange's new responder. */
  private ExchangeBook.Booking book(Inbound inbound) {
    return book.bookDeliveries(
        inbound.messageId(),
        inbound.header().getMessageType(),
        inbound.header().getExchangeId(),
        inbound.recipients());
  }
}
