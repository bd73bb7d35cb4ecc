package org.imihub.routes.delivery;

/** Where one message stands for one recipient. Matches hub:DeliveryStatusType. */
public enum DeliveryStatus {
  /** On the delivery queue, not yet tried. */
  QUEUED,
  /** Tried and failed; the broker will try again after a back-off. */
  RETRYING,
  /** Waiting in the recipient's mailbox to be fetched and acknowledged. */
  IN_MAILBOX,
  /** The recipient's back office acknowledged it with a signed acknowledgement. */
  ACKNOWLEDGED,
  /** Every attempt failed; it waits in the dead-letter queue for an operator's re-drive. */
  DEAD_LETTERED,
  /** An operator paused delivery to the recipient; it waits until delivery resumes. */
  PAUSED,
  /** An operator discarded it from the dead-letter queue, with a reason (audited). */
  DISCARDED;

  public boolean handedOver() {
    return this == IN_MAILBOX || this == ACKNOWLEDGED;
  }
}
