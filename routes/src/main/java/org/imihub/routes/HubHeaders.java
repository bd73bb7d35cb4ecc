package org.imihub.routes;

/**
 * The message properties that travel with a message on the hub's queues. Only these cross a queue:
 * routes drop every other header before sending, so nothing internal leaks into JMS.
 */
public final class HubHeaders {
  public static final String MESSAGE_ID = "imiMessageId";
  public static final String EXCHANGE_ID = "imiExchangeId";
  public static final String SENDER = "imiSender";

  /** Comma-separated recipient authority ids. */
  public static final String RECIPIENTS = "imiRecipients";

  /**
   * When a message passes its exchange on: the exchange's opening message, and (comma-separated)
   * whom it is passed on to (ExchangeBook.Booking).
   */
  public static final String OPENING_MESSAGE_ID = "imiOpeningMessageId";

  public static final String PASSED_ON_TO = "imiPassedOnTo";

  public static final String MESSAGE_TYPE = "imiMessageType";
  public static final String PROCEDURE_CODE = "imiProcedureCode";
  public static final String RECIPIENT = "imiRecipient";
  public static final String DELIVERY_ID = "imiDeliveryId";

  /** The pattern that keeps only the headers above. */
  public static final String ALL = "imi*";

  private HubHeaders() {}
}
