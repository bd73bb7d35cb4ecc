package org.imihub.connectors.mailbox;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.imihub.connectors.channel.Problems;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.contract.hub.v1.AcknowledgementOutcomes;
import org.imihub.contract.hub.v1.DeliveryAcknowledgement;
import org.imihub.routes.audit.AuditLog;
import org.imihub.routes.database.SharedCommits;
import org.imihub.routes.delivery.AcknowledgementCheck;
import org.imihub.routes.delivery.DeliveryLedger;
import org.imihub.routes.delivery.DeliveryStatus;
import org.springframework.stereotype.Component;

/**
 * Takes acknowledged deliveries out of a back office's mailbox: one per call ({@code POST
 * /api/v1/mailbox/{id}/ack}) or up to 100, the schema's limit ({@code POST
 * /api/v1/mailbox/acknowledgements}). Each acknowledgement is checked on its own: signed by a
 * current certificate of the caller, about one of the caller's deliveries. Those that pass are
 * recorded together, in one commit (each commit is a write to the database file): the delivery
 * becomes ACKNOWLEDGED and leaves the mailbox, with its audit line. One that fails is refused
 * alone.
 */
@Component
public class MailboxAcknowledgements {
  /** An acknowledgement that passed the checks, at its place in the call. */
  private record Checked(int position, DeliveryLedger.Delivery delivery) {}

  private final AcknowledgementCheck checks;
  private final DeliveryLedger deliveries;
  private final MailboxStore store;
  private final AuditLog audit;
  private final Problems problems;
  private final SharedCommits commits;

  public MailboxAcknowledgements(
      AcknowledgementCheck checks,
      DeliveryLedger deliveries,
      MailboxStore store,
      AuditLog audit,
      Problems problems,
      SharedCommits commits) {
    this.checks = checks;
    this.deliveries = deliveries;
    this.store = store;
    this.audit = audit;
    this.problems = problems;
    this.commits = commits;
  }

  /**
   * Acknowledges the delivery {@code deliveryId} of {@code recipient}.
   *
   * @throws HubException DELIVERY_NOT_FOUND if it is not the recipient's or has left the mailbox
   *     unacknowledged; ACKNOWLEDGEMENT_INVALID if the acknowledgement does not pass the checks
   */
  public void acknowledgeOne(String recipient, String deliveryId, byte[] acknowledgement) {
    DeliveryLedger.Delivery delivery = recipientsDelivery(deliveryId, recipient);
    checks.check(acknowledgement, deliveryId, delivery.messageId(), recipient);
    if (!record(recipient, List.of(new Checked(0, delivery))).isEmpty()) {
      throw notFound();
    }
  }

  /**
   * Acknowledges each delivery an acknowledgement of {@code recipient} names; a refused one is
   * audited and logged (without its content) and leaves the others be.
   *
   * @return one outcome per acknowledgement, in their order: its delivery (if it could be read),
   *     ACKNOWLEDGED or the code and sentence that refused it
   */
  public List<AcknowledgementOutcomes.Outcome> acknowledge(
      String recipient, List<byte[]> acknowledgements) {
    AcknowledgementOutcomes.Outcome[] outcomes =
        new AcknowledgementOutcomes.Outcome[acknowledgements.size()];
    List<Checked> passed = new ArrayList<>();
    for (int i = 0; i < acknowledgements.size(); i++) {
      String deliveryId = null;
      try {
        DeliveryAcknowledgement ack = checks.verified(acknowledgements.get(i), recipient);
        deliveryId = ack.getDeliveryId();
        DeliveryLedger.Delivery delivery = recipientsDelivery(deliveryId, recipient);
        checks.requireAbout(ack, deliveryId, delivery.messageId());
        passed.add(new Checked(i, delivery));
      } catch (RuntimeException refused) {
        outcomes[i] = refused(refused, recipient, deliveryId);
      }
    }
    List<Checked> gone = record(recipient, passed);
    for (Checked checked : passed) {
      String deliveryId = checked.delivery().id();
      outcomes[checked.position()] =
          gone.contains(checked)
              ? refused(notFound(), recipient, deliveryId)
              : outcome(deliveryId, "ACKNOWLEDGED", null);
    }
    return List.of(outcomes);
  }

  /**
   * One commit for every acknowledgement that passed. A delivery no longer in the mailbox was
   * acknowledged before (answered the same: a back office may repeat itself) or is not there to
   * acknowledge.
   *
   * @return those whose delivery was no longer in the mailbox, unacknowledged (nothing recorded)
   */
  private List<Checked> record(String recipient, List<Checked> passed) {
    if (passed.isEmpty()) {
      return List.of();
    }
    List<Checked> gone = new ArrayList<>();
    commits.run(
        () -> {
          Set<String> acknowledgedNow = new HashSet<>();
          for (Checked checked : passed) {
            DeliveryLedger.Delivery delivery = checked.delivery();
            if (!acknowledgedNow.contains(delivery.id())
                && !store.remove(delivery.id(), recipient)
                && delivery.status() != DeliveryStatus.ACKNOWLEDGED) {
              gone.add(checked);
              continue;
            }
            if (acknowledgedNow.add(delivery.id())) {
              deliveries.acknowledged(delivery.id(), recipient);
              audit.record(recipient, "ACKNOWLEDGE", delivery.id(), "ACKNOWLEDGED");
            }
          }
        });
    return gone;
  }

  private AcknowledgementOutcomes.Outcome refused(
      RuntimeException thrown, String recipient, String deliveryId) {
    HubException refusal = problems.record(thrown, recipient, "ACKNOWLEDGE", deliveryId);
    return outcome(deliveryId, refusal.code().name(), refusal.detail());
  }

  private static AcknowledgementOutcomes.Outcome outcome(
      String deliveryId, String code, String detail) {
    AcknowledgementOutcomes.Outcome outcome = new AcknowledgementOutcomes.Outcome();
    outcome.setDeliveryId(deliveryId);
    outcome.setCode(code);
    outcome.setDetail(detail);
    return outcome;
  }

  private DeliveryLedger.Delivery recipientsDelivery(String deliveryId, String recipient) {
    return deliveries
        .find(deliveryId)
        .filter(delivery -> delivery.recipient().equals(recipient))
        .orElseThrow(MailboxAcknowledgements::notFound);
  }

  private static HubException notFound() {
    return new HubException(ErrorCode.DELIVERY_NOT_FOUND, ErrorCode.DELIVERY_NOT_FOUND.sentence());
  }
}
