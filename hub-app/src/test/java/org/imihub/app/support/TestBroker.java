package org.imihub.app.support;

/**
 * Shortens the broker's redelivery back-off for tests. config/broker.xml reads these as
 * ${name:default} system properties, so the queues stay declared in one place.
 */
public final class TestBroker {
  public static final int MAX_DELIVERY_ATTEMPTS = 3;

  private TestBroker() {}

  public static void useShortRedelivery() {
    System.setProperty("hub.delivery.redelivery-delay", "100");
    System.setProperty("hub.delivery.max-attempts", String.valueOf(MAX_DELIVERY_ATTEMPTS));
  }
}
