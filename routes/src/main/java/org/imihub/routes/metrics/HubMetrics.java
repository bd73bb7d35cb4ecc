package org.imihub.routes.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The hub's own metrics (published at /actuator/prometheus). Labels are codes only: message type,
 * procedure, country, connector, cause, error code. Never an id, a name or any content.
 */
@Component
public class HubMetrics {
  private final MeterRegistry registry;

  public HubMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void received(String messageType, String procedure, String senderCountry) {
    Counter.builder("imihub.messages.received")
        .description("Messages accepted (receipt given), resends not counted")
        .tag("type", messageType)
        .tag("procedure", procedure)
        .tag("sender_country", senderCountry)
        .register(registry)
        .increment();
  }

  public void rejected(String code) {
    Counter.builder("imihub.messages.rejected")
        .description("Requests refused, by error code")
        .tag("code", code)
        .register(registry)
        .increment();
  }

  public void delivered(
      String messageType,
      String procedure,
      String recipientCountry,
      String connector,
      Duration sinceReceipt) {
    Counter.builder("imihub.deliveries.delivered")
        .description("Deliveries handed over to a connector")
        .tag("type", messageType)
        .tag("procedure", procedure)
        .tag("recipient_country", recipientCountry)
        .tag("connector", connector)
        .register(registry)
        .increment();
    Timer.builder("imihub.delivery.latency")
        .description("From the sender's receipt to the handover to the recipient")
        .tag("type", messageType)
        .tag("connector", connector)
        .publishPercentileHistogram()
        .register(registry)
        .record(sinceReceipt);
  }

  /**
   * One attempt's call of its connector: for a webhook, until the back office's whole answer; for
   * the mailbox, the write. A back office that answers slowly shows here before it holds up others.
   */
  public void connectorCall(String connector, boolean handedOver, Duration took) {
    Timer.builder("imihub.delivery.call")
        .description("One delivery attempt's call of its connector, answer included")
        .tag("connector", connector)
        .tag("outcome", handedOver ? "handed_over" : "failed")
        .publishPercentileHistogram()
        .register(registry)
        .record(took);
  }

  public void failed(
      String messageType,
      String procedure,
      String recipientCountry,
      String cause,
      boolean deadLettered) {
    Counter.builder(deadLettered ? "imihub.deliveries.dead_lettered" : "imihub.deliveries.failed")
        .description(
            deadLettered ? "Deliveries that used their last attempt" : "Failed delivery attempts")
        .tag("type", messageType)
        .tag("procedure", procedure)
        .tag("recipient_country", recipientCountry)
        .tag("cause", cause)
        .register(registry)
        .increment();
  }

  public void notice(String kind, String reason) {
    Counter.builder("imihub.notices")
        .description("Reminders and escalations issued")
        .tag("kind", kind)
        .tag("reason", reason)
        .register(registry)
        .increment();
  }
}
