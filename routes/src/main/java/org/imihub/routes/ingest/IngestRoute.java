package org.imihub.routes.ingest;

import java.util.function.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.imihub.contract.HubException;
import org.imihub.routes.metrics.HubMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * From a channel (REST or SOAP) to the durable inbound queue. The body is an {@link Inbound}; the
 * answer is the signed receipt, given only once the message is recorded and on the queue.
 */
@Component
public class IngestRoute extends RouteBuilder {
  public static final String ENDPOINT = "direct:ingest";

  /** The exchange property holding the {@link Inbound} while the body changes shape. */
  private static final String INBOUND = "imiInbound";

  private static final Logger log = LoggerFactory.getLogger(IngestRoute.class);

  private final Admission admission;
  private final InboundChecks checks;
  private final MessageLedger messages;
  private final HandOff handOff;
  private final HubMetrics metrics;

  public IngestRoute(
      Admission admission,
      InboundChecks checks,
      MessageLedger messages,
      HandOff handOff,
      HubMetrics metrics) {
    this.admission = admission;
    this.checks = checks;
    this.messages = messages;
    this.handOff = handOff;
    this.metrics = metrics;
  }

  @Override
  public void configure() {
    // spotless:off
    from(ENDPOINT).routeId("ingest")
        // A refusal goes straight back to the channel, which answers, audits and logs it once.
        .errorHandler(noErrorHandler())
        .setProperty(INBOUND, body())
        .process(step(admission::awaitRoom)).id("wait-for-room")
        .process(step(checks::parse)).id("parse-xml")
        .process(step(checks::validateSchema)).id("validate-schema")
        .process(step(checks::verifySignature)).id("verify-signature")
        .process(step(checks::checkSender)).id("check-sender")
        .process(step(checks::checkRecipients)).id("check-recipients")
        .process(step(checks::checkContent)).id("check-content")
        .process(step(messages::recognise)).id("recognise-resend")
        .process(step(this::checkLifecycle)).id("check-lifecycle")
        .process(step(handOff::recordAndHandOff)).id("record-and-hand-off")
        .process(this::answerWithReceipt).id("answer-receipt");
    // spotless:on
  }

  /**
   * The step against the exchange as it stands. A copy of this message may have been recorded by
   * another request since {@code recognise-resend} looked (two copies at the same moment): the
   * exchange it opened then refuses this one, which is a resend and is answered as one.
   */
  private void checkLifecycle(Inbound inbound) {
    try {
      checks.checkLifecycle(inbound);
    } catch (HubException refused) {
      messages.recognise(inbound);
      if (!inbound.duplicate()) {
        throw refused;
      }
    }
  }

  private void answerWithReceipt(Exchange exchange) {
    Inbound inbound = exchange.getProperty(INBOUND, Inbound.class);
    // The hand-off wrote the audit line, in the commit that recorded the message.
    String outcome = inbound.duplicate() ? "DUPLICATE" : "ACCEPTED";
    if (!inbound.duplicate()) {
      // Authority ids begin with their country's code.
      metrics.received(
          inbound.header().getMessageType(),
          inbound.header().getProcedureCode(),
          inbound.caller().substring(0, 2));
    }
    log.info(
        "Message {} ({}) of exchange {} from {} to {}: {}",
        inbound.messageId(),
        inbound.header().getMessageType(),
        inbound.header().getExchangeId(),
        inbound.caller(),
        inbound.recipients(),
        outcome);
    exchange.getMessage().removeHeaders("*");
    exchange.getMessage().setBody(inbound.receipt());
  }

  private static Processor step(Consumer<Inbound> check) {
    return exchange -> check.accept(exchange.getProperty(INBOUND, Inbound.class));
  }
}
