package org.imihub.routes.delivery;

import java.util.List;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.routes.HubProperties;
import org.imihub.routes.audit.AuditLog;
import org.springframework.stereotype.Component;

/**
 * What an operator does with dead letters, the deliveries that used their last attempt: see them
 * with their last error, re-drive them, or discard one with a reason. Every change is audited.
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

  public List<DeadLetter> deliveries() {
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
   * Re-drives dead-lettered deliveries: one ({@code deliveryId}), one recipient's, or all.
   *
   * @throws HubException DEAD_LETTER_NOT_FOUND if a named delivery is not dead-lettered
   */
  public List<String> redrive(String recipient, String deliveryId, String operator) {
    String selector =
        deliveryId != null
            ? DeliveryQueues.deliveryIs(deliveryId)
            : DeliveryQueues.recipientIs(recipient);
    List<String> moved =
        queues.move(names.deliveryDeadLetter(), names.delivery(), selector).stream()
            .map(DeliveryQueues.Waiting::deliveryId)
            .toList();
    refuseIfNothing(deliveryId, moved, "REDRIVE", operator);
    ledger.requeued(moved);
    moved.forEach(id -> audit.record(operator, "REDRIVE", id, "REDRIVEN"));
    return moved;
  }

  /** Discards one dead-lettered delivery (id message~recipient) for good, with the reason. */
  public void discard(String deliveryId, String reason, String operator) {
    if (reason == null || reason.isBlank()) {
      throw new HubException(ErrorCode.REASON_REQUIRED, "Say why the dead letter is discarded.");
    }
    boolean removed =
        queues.remove(names.deliveryDeadLetter(), DeliveryQueues.deliveryIs(deliveryId));
    refuseIfNothing(deliveryId, removed ? List.of(deliveryId) : List.of(), "DISCARD", operator);
    ledger.failedAttempt(deliveryId, DeliveryStatus.DISCARDED, "DISCARDED: " + reason);
    audit.record(operator, "DISCARD", deliveryId, "DISCARDED");
  }

  private void refuseIfNothing(String named, List<String> found, String action, String operator) {
    if (named != null && found.isEmpty()) {
      audit.record(operator, action, named, ErrorCode.DEAD_LETTER_NOT_FOUND.name());
      throw new HubException(ErrorCode.DEAD_LETTER_NOT_FOUND, named + " is not dead-lettered.");
    }
  }
}
