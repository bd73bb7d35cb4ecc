package org.imihub.routes.delivery;

import java.util.List;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.routes.HubProperties;
import org.imihub.routes.audit.AuditLog;
import org.springframework.stereotype.Component;

/**
 * What an operator does with dead letters: deliveries that used their last attempt, and bookkeeping
 * that failed (a message the exchange route could not book, on hub.inbound.dlq). See them
 * (deliveries with their last error), re-drive them, or discard one with a reason. Every change is
 * audited.
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

  /** The ids of the messages whose bookkeeping failed. */
  public List<String> bookkeeping() {
    return queues.browse(names.inboundDeadLetter()).stream()
        .map(DeliveryQueues.Waiting::messageId)
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

  /**
   * Re-drives failed bookkeeping: one message ({@code messageId}) or all; returns the message ids.
   */
  public List<String> redriveBookkeeping(String messageId, String operator) {
    List<String> moved =
        queues
            .move(names.inboundDeadLetter(), names.inbound(), DeliveryQueues.messageIs(messageId))
            .stream()
            .map(DeliveryQueues.Waiting::messageId)
            .toList();
    refuseIfNothing(messageId, moved, "REDRIVE", operator);
    moved.forEach(id -> audit.record(operator, "REDRIVE", id, "REDRIVEN"));
    return moved;
  }

  /**
   * Discards one dead letter for good, with the operator's reason: a delivery (its id has the form
   * message~recipient) or a message whose bookkeeping failed.
   */
  public void discard(String id, String reason, String operator) {
    if (reason == null || reason.isBlank()) {
      throw new HubException(ErrorCode.REASON_REQUIRED, "Say why the dead letter is discarded.");
    }
    boolean delivery = id.contains("~");
    boolean removed =
        delivery
            ? queues.remove(names.deliveryDeadLetter(), DeliveryQueues.deliveryIs(id))
            : queues.remove(names.inboundDeadLetter(), DeliveryQueues.messageIs(id));
    refuseIfNothing(id, removed ? List.of(id) : List.of(), "DISCARD", operator);
    if (delivery) {
      ledger.failedAttempt(id, DeliveryStatus.DISCARDED, "DISCARDED: " + reason);
    }
    audit.record(operator, "DISCARD", id, "DISCARDED");
  }

  private void refuseIfNothing(String named, List<String> found, String action, String operator) {
    if (named != null && found.isEmpty()) {
      audit.record(operator, action, named, ErrorCode.DEAD_LETTER_NOT_FOUND.name());
      throw new HubException(ErrorCode.DEAD_LETTER_NOT_FOUND, named + " is not dead-lettered.");
    }
  }
}
