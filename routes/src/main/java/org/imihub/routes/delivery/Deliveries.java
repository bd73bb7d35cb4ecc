package org.imihub.routes.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.imihub.routes.HubHeaders;
import org.imihub.routes.database.SharedCommits;
import org.imihub.routes.directory.Authority;
import org.imihub.routes.directory.ConnectorType;
import org.imihub.routes.directory.Directory;
import org.imihub.routes.ingest.MessageLedger;
import org.imihub.routes.metrics.HubMetrics;
import org.imihub.routes.translation.Reader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * One delivery attempt: look the delivery up, skip it if it already reached the recipient (a
 * redelivery after a crash), build the hub-signed copy, and hand it to the recipient's connector.
 * Failures are recorded with their cause and rethrown so the broker retries.
 */
@Component
public class Deliveries {
  private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

  private final DeliveryLedger ledger;
  private final MessageLedger messages;
  private final Directory directory;
  private final OutboundDelivery outbound;
  private final DeliveryFormat format;
  private final Map<ConnectorType, DeliveryConnector> connectors;
  private final RedeliveryPolicy policy;
  private final HubMetrics metrics;
  private final SharedCommits commits;
  private final Clock clock;

  public Deliveries(
      DeliveryLedger ledger,
      MessageLedger messages,
      Directory directory,
      OutboundDelivery outbound,
      ObjectProvider<DeliveryFormat> format,
      List<DeliveryConnector> connectors,
      RedeliveryPolicy policy,
      HubMetrics metrics,
      SharedCommits commits,
      Clock clock) {
    this.commits = commits;
    this.ledger = ledger;
    this.messages = messages;
    this.directory = directory;
    this.outbound = outbound;
    // Without the connectors' dialect mapping (a routes-only set-up), deliveries stay canonical.
    this.format = format.getIfAvailable(() -> (recipient, delivery) -> delivery);
    this.connectors =
        connectors.stream().collect(Collectors.toMap(DeliveryConnector::type, Function.identity()));
    this.policy = policy;
    this.metrics = metrics;
    this.clock = clock;
  }

  public void deliver(Exchange exchange) {
    String deliveryId = exchange.getMessage().getHeader(HubHeaders.DELIVERY_ID, String.class);
    DeliveryLedger.Delivery delivery =
        ledger
            .find(deliveryId)
            .orElseThrow(
                () ->
                    new IllegalStateException("delivery " + deliveryId + " is not in the ledger"));
    if (delivery.status().handedOver()) {
      log.info(
          "Delivery {} already {}; redelivered message ignored", deliveryId, delivery.status());
      return;
    }
    Authority recipient =
        directory
            .find(delivery.recipient())
            .orElseThrow(
                () ->
                    new ConnectorException(
                        ConnectorException.Cause.NOT_CONFIGURED,
                        "recipient " + delivery.recipient() + " left the directory",
                        null));
    DeliveryConnector connector = connectors.get(recipient.connector());
    if (connector == null) {
      throw new ConnectorException(
          ConnectorException.Cause.NOT_CONFIGURED,
          "no " + recipient.connector() + " connector",
          null);
    }
    byte[] original = messages.signedBytes(delivery.messageId());
    Reader reader =
        new Reader(recipient.id(), recipient.language(), connector.takesTranslationFollowUps());
    byte[] document = format.forRecipient(recipient, outbound.build(deliveryId, reader, original));
    DeliveryStatus status;
    if (connector.deliversIntoTheDatabase()) {
      // Into the mailbox and the delivery's status recorded, in one commit.
      status =
          commits.call(
              () ->
                  recorded(
                      deliveryId,
                      call(connector, recipient, deliveryId, delivery.messageId(), document)));
    } else {
      // The call outside any transaction, so that no connection is held while a back office
      // answers; then its answer recorded.
      DeliveryStatus answered =
          call(connector, recipient, deliveryId, delivery.messageId(), document);
      status = commits.call(() -> recorded(deliveryId, answered));
    }
    connector.delivered(recipient);
    metrics.delivered(
        delivery.messageType(),
        delivery.procedureCode(),
        recipient.country(),
        recipient.connector().name(),
        Duration.between(delivery.receivedAt(), clock.instant()));
    log.info(
        "Delivery {} of message {} to {}: {}",
        deliveryId,
        delivery.messageId(),
        recipient.id(),
        status);
  }

  /** The connector's call, timed for operators whether it hands the delivery over or fails. */
  private DeliveryStatus call(
      DeliveryConnector connector,
      Authority recipient,
      String deliveryId,
      String messageId,
      byte[] document) {
    long start = System.nanoTime();
    boolean handedOver = false;
    try {
      DeliveryStatus status = connector.deliver(recipient, deliveryId, messageId, document);
      handedOver = true;
      return status;
    } finally {
      metrics.connectorCall(
          recipient.connector().name(), handedOver, Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private DeliveryStatus recorded(String deliveryId, DeliveryStatus status) {
    ledger.handedOver(deliveryId, status);
    return status;
  }

  /** Called by the delivery route's error handler, before the broker rolls the attempt back. */
  public void recordFailure(Exchange exchange) {
    String deliveryId = exchange.getMessage().getHeader(HubHeaders.DELIVERY_ID, String.class);
    Integer attempt = exchange.getMessage().getHeader("JMSXDeliveryCount", Integer.class);
    Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    boolean last = attempt != null && attempt >= policy.maxAttempts();
    DeliveryStatus status = last ? DeliveryStatus.DEAD_LETTERED : DeliveryStatus.RETRYING;
    String cause = failure == null ? "unknown" : failure.getMessage();
    ledger.failedAttempt(deliveryId, status, cause);
    ledger
        .find(deliveryId)
        .ifPresent(
            delivery ->
                metrics.failed(
                    delivery.messageType(),
                    delivery.procedureCode(),
                    delivery.recipient().substring(0, 2),
                    failure instanceof ConnectorException connector
                        ? connector.failure().name()
                        : "INTERNAL_ERROR",
                    last));
    log.warn(
        "Delivery {} attempt {} of {} failed ({}): {}",
        deliveryId,
        attempt,
        policy.maxAttempts(),
        status,
        cause);
  }
}
