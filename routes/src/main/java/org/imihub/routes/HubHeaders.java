package org.imihub.routes;

/**
 * The message properties that travel with a message on the hub's queues: a delivery's ids, nothing
 * else. Routes drop every other header before sending, so nothing internal leaks into JMS.
 */
public final class HubHeaders {
  public static final String MESSAGE_ID = "imiMessageId";
  public static final String RECIPIENT = "imiRecipient";
  public static final String DELIVERY_ID = "imiDeliveryId";

  /** The pattern that keeps only the headers above. */
  public static final String ALL = "imi*";

  private HubHeaders() {}
}
