package org.imihub.routes.delivery;

import java.util.List;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.routes.HubProperties;
import org.imihub.routes.audit.AuditLog;
import org.imihub.routes.directory.Directory;
import org.springframework.stereotype.Component;

/**
 * An operator pauses delivery to an authority (a back office in maintenance, say): its deliveries
 * then wait durably on the paused queue, and go out again when delivery resumes. Audited.
 */
@Component
public class DeliveryPauses {
  private final Directory directory;
  private final DeliveryQueues queues;
  private final DeliveryLedger ledger;
  private final AuditLog audit;
  private final HubProperties.Queues names;

  public DeliveryPauses(
      Directory directory,
      DeliveryQueues queues,
      DeliveryLedger ledger,
      AuditLog audit,
      HubProperties properties) {
    this.directory = directory;
    this.queues = queues;
    this.ledger = ledger;
    this.audit = audit;
    this.names = properties.queues();
  }

  public void pause(String authorityId, String operator) {
    set(authorityId, true, operator);
  }

  /** Resumes delivery and sends the deliveries that waited; returns their ids. */
  public List<String> resume(String authorityId, String operator) {
    set(authorityId, false, operator);
    List<String> waited =
        queues
            .move(names.deliveryPaused(), names.delivery(), DeliveryQueues.recipientIs(authorityId))
            .stream()
            .map(DeliveryQueues.Waiting::deliveryId)
            .toList();
    ledger.requeued(waited);
    return waited;
  }

  public boolean isPaused(String authorityId) {
    return directory.isPaused(authorityId);
  }

  public List<String> paused() {
    return directory.paused();
  }

  private void set(String authorityId, boolean paused, String operator) {
    String action = paused ? "PAUSE" : "RESUME";
    if (!directory.setPaused(authorityId, paused)) {
      audit.record(operator, action, authorityId, ErrorCode.AUTHORITY_NOT_FOUND.name());
      throw new HubException(
          ErrorCode.AUTHORITY_NOT_FOUND, "No authority " + authorityId + " is in the directory.");
    }
    audit.record(operator, action, authorityId, paused ? "PAUSED" : "RESUMED");
  }
}
