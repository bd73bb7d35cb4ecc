package org.imihub.routes.ingest;

import java.util.function.Consumer;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.routes.HubHeaders;
import org.imihub.routes.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * From a channel (REST or SOAP) to the durable inbound queue. The body is an {@link Inbound}; the
 * answer is the signed receipt, given only once the message is on the queue.
 */
@Component
public class IngestRoute extends RouteBuilder {
  public static final String ENDPOINT = "direct:ingest";

  /** The exchange property holding the {@link Inbound} while the body changes shape. */
  private static final String INBOUND = "imiInbound";

  private static final Logger log = LoggerFactory.getLogger(IngestRoute.class);

  private final InboundChecks checks;
  private final MessageLedger ledger;
  private final AuditLog audit;

  public IngestRoute(InboundChecks checks, MessageLedger ledger, AuditLog audit) {
    this.checks = checks;
    this.ledger = ledger;
    this.audit = audit;
  }

  @Override
  public void configure() {
    from(ENDPOINT)
        .routeId("ingest")
        // A refusal goes straight back to the channel, which answers, audits and logs it once.
        .errorHandler(noErrorHandler())
        .setProperty(INBOUND, body())
        .process(step(checks::parse))
        .id("parse-xml")
        .process(step(checks::validateSchema))
        .id("validate-schema")
        .process(step(checks::verifySignature))
        .id("verify-signature")
        .process(step(checks::checkSender))
        .id("check-sender")
        .process(step(checks::checkRecipients))
        .id("check-recipients")
        .process(step(checks::checkExchange))
        .id("check-exchange")
        .process(step(ledger::record))
        .id("record-message")
        .choice()
        .when(exchange -> exchange.getProperty(INBOUND, Inbound.class).handOffNeeded())
        .process(this::prepareHandOff)
        .id("prepare-hand-off")
        .doTry()
        .to(ExchangePattern.InOnly, "jms:queue:{{hub.queues.inbound}}")
        .id("durable-hand-off")
        .doCatch(Exception.class)
        .process(this::handOffFailed)
        .id("undo-record")
        .end()
        .process(step(ledger::markHandedOff))
        .id("mark-handed-off")
        .end()
        .process(this::answerWithReceipt)
        .id("answer-receipt");
  }

  /** The inbound queue carries the exact received bytes and the routing facts, nothing else. */
  private void prepareHandOff(org.apache.camel.Exchange exchange) {
    Inbound inbound = exchange.getProperty(INBOUND, Inbound.class);
    var message = exchange.getMessage();
    message.removeHeaders("*");
    message.setHeader(HubHeaders.MESSAGE_ID, inbound.messageId());
    message.setHeader(HubHeaders.EXCHANGE_ID, inbound.header().getExchangeId());
    message.setHeader(HubHeaders.SENDER, inbound.header().getSender());
    message.setHeader(HubHeaders.RECIPIENTS, String.join(",", inbound.recipients()));
    message.setHeader(HubHeaders.MESSAGE_TYPE, inbound.header().getMessageType());
    message.setHeader(HubHeaders.PROCEDURE_CODE, inbound.header().getProcedureCode());
    message.setBody(inbound.bytes());
  }

  /** The broker did not take the message: forget it, so the sender's retry starts afresh. */
  private void handOffFailed(org.apache.camel.Exchange exchange) {
    Inbound inbound = exchange.getProperty(INBOUND, Inbound.class);
    Exception cause =
        exchange.getProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, Exception.class);
    try {
      ledger.forgetNotHandedOff(inbound);
    } catch (DataIntegrityViolationException deliveriesExist) {
      // The send reported a failure, yet the broker took the message: bookkeeping has already
      // recorded its deliveries. It is handed off; the route goes on to the receipt.
      log.warn(
          "Message {}: the broker reported a failed send but took the message",
          inbound.messageId());
      return;
    }
    throw new HubException(ErrorCode.HUB_UNAVAILABLE, ErrorCode.HUB_UNAVAILABLE.sentence(), cause);
  }

  private void answerWithReceipt(org.apache.camel.Exchange exchange) {
    Inbound inbound = exchange.getProperty(INBOUND, Inbound.class);
    String outcome = inbound.handOffNeeded() ? "ACCEPTED" : "DUPLICATE";
    audit.record(inbound.caller(), "SUBMIT", inbound.messageId(), outcome);
    log.info(
        "Message {} of exchange {} from {} to {}: {}",
        inbound.messageId(),
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
