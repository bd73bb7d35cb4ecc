package org.imihub.routes.delivery;

import org.imihub.routes.directory.Authority;
import org.imihub.routes.directory.ConnectorType;

/**
 * The port every delivery adapter implements: hand one hub-signed delivery to an authority's back
 * office. Throw {@link ConnectorException} with the real cause when it cannot be done now; the
 * delivery route retries and, in the end, dead-letters it.
 */
public interface DeliveryConnector {
  ConnectorType type();

  /** Whether the back office can be reached now, and if not, why: for health and operators. */
  default Reachability check(Authority recipient) {
    return Reachability.REACHABLE;
  }

  /**
   * A connector's reachability: the real cause when it is not (refused, timeout, TLS, HTTP status).
   */
  record Reachability(boolean reachable, String cause, String detail) {
    public static final Reachability REACHABLE = new Reachability(true, null, null);
  }

  /**
   * Whether this way of delivering takes a machine translation that follows its message as a
   * delivery of its own ({@code hub:Translation}); if not, a message whose translation is not ready
   * goes with the original and the flag UNAVAILABLE. Webhook and mailbox deliver any hub:Delivery,
   * so they do.
   */
  default boolean takesTranslationFollowUps() {
    return true;
  }

  /**
   * Whether {@link #deliver} only writes to the hub's own database (the mailbox): the delivery is
   * then committed with its status, as one. A connector that calls a back office is never run
   * inside a database transaction (it would hold a connection for as long as the call takes).
   */
  default boolean deliversIntoTheDatabase() {
    return false;
  }

  /** Called once the delivery and its status are committed: e.g. to answer calls waiting for it. */
  default void delivered(Authority recipient) {}

  /**
   * @param deliveryDocument the hub-signed {@code hub:Delivery} document
   * @return the delivery's state once this call returns
   */
  DeliveryStatus deliver(
      Authority recipient, String deliveryId, String messageId, byte[] deliveryDocument);
}
