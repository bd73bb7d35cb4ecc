package org.imihub.routes.delivery;

import java.util.List;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.routes.HubProperties;
import org.imihub.routes.audit.AuditLog;
import org.springframework.stereotype.Component;

/**
 * What an operator does with dead-lettered deliveries: see them with their last error, re-drive
 * them (all, one recipient's, or one), or discard one with a reason. Every change is audited.
 */
@Component
public class DeadLetters {
  /** A dead-lettered delivery and why its last attempt failed. */
  public record DeadLetter(
      String deliveryId, String messageId, String recipient, int attempts, String lastError) {}

  private final DeliveryQueues queues;
  private final DeliveryLedger ledger;
  private final AuditLog audit;
  private final HubProperties.Queues names;

  public DeadLetters(
      DeliveryQueues queues, DeliveryLedger ledger, AuditLog audit, HubProperties properties) {
    this.queues = queues;
    this.ledger = ledger;
    this.audit = audit;
    this.names = properties.queues();
  }

  public List<DeadLetter> list() {
    return queues.browse(names.deliveryDeadLetter()).stream()
        .map(
            waiting ->
                ledger
                    .find(waiting.deliveryId())
                    .map(
                        delivery ->
                            new DeadLetter(
                                delivery.id(),
                                delivery.messageId(),
                                delivery.recipient(),
                                delivery.attempts(),
                                ledger.lastError(delivery.id())))
                    .orElse(
                        new DeadLetter(
                            waiting.deliveryId(),
                            waiting.messageId(),
                            waiting.recipient(),
                            0,
                            null)))
        .toList();
  }

  /**
   * Re-drives every dead letter for one recipient, or all when recipient is null; returns the
   * delivery ids.
   */
  public List<String> redrive(String recipient) {
    return redrive(recipient, null, "hub");
  }

  /**
   * Re-drives dead letters: one ({@code deliveryId}), one recipient's, or all.
   *
   * @throws HubException DEAD_LETTER_NOT_FOUND if a named delivery is not dead-lettered
   */
  public List<String> redrive(String recipient, String deliveryId, String operator) {
    List<String> moved =
        queues.move(names.deliveryDeadLetter(), names.delivery(), recipient, deliveryId);
    if (deliveryId != null && moved.isEmpty()) {
      audit.record(operator, "REDRIVE", deliveryId, ErrorCode.DEAD_LETTER_NOT_FOUND.name());
      throw new HubException(
          ErrorCode.DEAD_LETTER_NOT_FOUND, "Delivery " + deliveryId + " is not dead-lettered.");
    }
    ledger.requeued(moved);
    moved.forEach(id -> audit.record(operator, "REDRIVE", id, "REDRIVEN"));
    return moved;
  }

  /**
   * Discards one dead letter for good, with the operator's reason (audited; the reason is not
   * stored with ids).
   */
  public void discard(String deliveryId, String reason, String operator) {
    if (reason == null || reason.isBlank()) {
      throw new HubException(ErrorCode.REASON_REQUIRED, "Say why the delivery is discarded.");
    }
    if (!queues.remove(names.deliveryDeadLetter(), deliveryId)) {
      audit.record(operator, "DISCARD", deliveryId, ErrorCode.DEAD_LETTER_NOT_FOUND.name());
      throw new HubException(
          ErrorCode.DEAD_LETTER_NOT_FOUND, "Delivery " + deliveryId + " is not dead-lettered.");
    }
    ledger.failedAttempt(deliveryId, DeliveryStatus.DISCARDED, "DISCARDED: " + reason);
    audit.record(operator, "DISCARD", deliveryId, "DISCARDED");
  }
}
