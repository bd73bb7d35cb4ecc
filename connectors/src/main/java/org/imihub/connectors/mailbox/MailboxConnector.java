package org.imihub.connectors.mailbox;

import org.imihub.routes.delivery.DeliveryConnector;
import org.imihub.routes.delivery.DeliveryStatus;
import org.imihub.routes.directory.Authority;
import org.imihub.routes.directory.ConnectorType;
import org.springframework.stereotype.Component;

/** Delivers by putting the hub-signed delivery into the recipient's mailbox. */
@Component
public class MailboxConnector implements DeliveryConnector {
  private final MailboxStore store;
  private final MailboxWaiters waiters;

  public MailboxConnector(MailboxStore store, MailboxWaiters waiters) {
    this.store = store;
    this.waiters = waiters;
  }

  @Override
  public ConnectorType type() {
    return ConnectorType.MAILBOX;
  }

  @Override
  public DeliveryStatus deliver(
      Authority recipient, String deliveryId, String messageId, byte[] deliveryDocument) {
    store.put(deliveryId, recipient.id(), deliveryDocument);
    return DeliveryStatus.IN_MAILBOX;
  }

  @Override
  public boolean deliversIntoTheDatabase() {
    return true;
  }

  /** Once committed, and not before: a call woken earlier would find the mailbox still empty. */
  @Override
  public void delivered(Authority recipient) {
    waiters.delivered(recipient.id());
  }
}
