package org.imihub.routes.delivery;

import org.imihub.routes.directory.Authority;

/**
 * Puts a hub-signed {@code hub:Delivery} into the form the recipient's back office reads: as it is
 * for one that reads the canonical formats, mapped into its dialect (and signed again by the hub)
 * for one that declares a dialect in the directory (connectors/dialect, docs/dialects.md).
 */
public interface DeliveryFormat {
  /**
   * @return the document to hand to the recipient's connector
   * @throws org.imihub.contract.HubException DIALECT_INVALID or DIALECT_UNKNOWN: nothing is handed
   *     over, and the delivery fails with that cause like any other failed attempt
   */
  byte[] forRecipient(Authority recipient, byte[] delivery);
}
