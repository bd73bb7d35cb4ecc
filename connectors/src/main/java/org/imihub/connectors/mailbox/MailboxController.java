package org.imihub.connectors.mailbox;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.imihub.connectors.channel.BoundedBody;
import org.imihub.connectors.channel.Callers;
import org.imihub.connectors.channel.Problems;
import org.imihub.connectors.rest.ApiDocs;
import org.imihub.connectors.rest.RestErrors;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.contract.hub.v1.Mailbox;
import org.imihub.contract.xml.ContractJaxb;
import org.imihub.contract.xml.SecureXml;
import org.imihub.routes.audit.AuditLog;
import org.imihub.routes.delivery.AcknowledgementCheck;
import org.imihub.routes.delivery.DeliveryLedger;
import org.imihub.routes.delivery.DeliveryStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * The pull side of the mailbox connector, for the calling authority's own mailbox: list ({@code GET
 * /api/v1/mailbox}), fetch a hub-signed delivery ({@code GET .../{deliveryId}}) and acknowledge it
 * with a signed DeliveryAcknowledgement ({@code POST .../{deliveryId}/ack}).
 */
@RestController
@RequestMapping("/api/v1/mailbox")
@Tag(name = "mailbox", description = "The calling authority's mailbox: list, fetch, acknowledge")
public class MailboxController {
  private static final long MAX_ACKNOWLEDGEMENT_BYTES = 64 * 1024;

  private final Callers callers;
  private final MailboxStore store;
  private final MailboxWaiters waiters;
  private final AcknowledgementCheck acknowledgements;
  private final DeliveryLedger deliveries;
  private final Problems problems;
  private final AuditLog audit;
  private final TransactionTemplate transactions;

  public MailboxController(
      Callers callers,
      MailboxStore store,
      MailboxWaiters waiters,
      AcknowledgementCheck acknowledgements,
      DeliveryLedger deliveries,
      Problems problems,
      AuditLog audit,
      PlatformTransactionManager transactionManager) {
    this.callers = callers;
    this.store = store;
    this.waiters = waiters;
    this.acknowledgements = acknowledgements;
    this.deliveries = deliveries;
    this.problems = problems;
    this.audit = audit;
    this.transactions = new TransactionTemplate(transactionManager);
  }

  @GetMapping(params = "!wait", produces = MediaType.APPLICATION_XML_VALUE)
  @Operation(
      summary = "The deliveries waiting for the calling authority, oldest first (hub:Mailbox)")
  @ApiResponse(responseCode = "200", description = "hub:Mailbox")
  public ResponseEntity<byte[]> list(
      @RequestParam(defaultValue = "100") int limit, HttpServletRequest request) {
    return mailbox(store.list(callers.of(request), entries(limit)));
  }

  /**
   * The same, waiting for a delivery when the mailbox is empty. A separate mapping, because an
   * answer that may wait goes through the servlet's asynchronous processing (another pass through
   * the filters), which a plain listing has no need of.
   */
  @GetMapping(params = "wait", produces = MediaType.APPLICATION_XML_VALUE)
  @Operation(
      summary = "Long polling: the deliveries waiting, or the first to arrive within wait seconds",
      description =
          "An empty mailbox answers as soon as a delivery arrives, or with the empty list when the"
              + " wait (seconds, 0 to 60) is over: a pulling back office gets its deliveries at"
              + " once without asking again and again.")
  @ApiResponse(responseCode = "200", description = "hub:Mailbox")
  @ApiResponse(
      responseCode = "400",
      description = "REQUEST_INVALID (wait out of range)",
      content = @Content(mediaType = ApiDocs.PROBLEM))
  public DeferredResult<ResponseEntity<byte[]>> listOrWait(
      @RequestParam(defaultValue = "100") int limit,
      // Optional in the API description, which springdoc merges with the plain listing's.
      @Parameter(description = "Seconds to wait on an empty mailbox, 0 to 60 (long polling)")
          @RequestParam(required = false, defaultValue = "0")
          int wait,
      HttpServletRequest request) {
    String caller = callers.of(request);
    if (wait < 0 || wait > MailboxWaiters.MAX_WAIT.toSeconds()) {
      throw new HubException(
          ErrorCode.REQUEST_INVALID,
          "wait is in seconds, from 0 to " + MailboxWaiters.MAX_WAIT.toSeconds() + ".");
    }
    List<Mailbox.Entry> waiting = store.list(caller, entries(limit));
    if (!waiting.isEmpty() || wait == 0) {
      DeferredResult<ResponseEntity<byte[]>> now = new DeferredResult<>();
      now.setResult(mailbox(waiting));
      return now;
    }
    return waiters.await(
        caller, entries(limit), Duration.ofSeconds(wait), MailboxController::mailbox);
  }

  private static int entries(int limit) {
    return Math.max(1, Math.min(limit, 1000));
  }

  private static ResponseEntity<byte[]> mailbox(List<Mailbox.Entry> entries) {
    Mailbox mailbox = new Mailbox();
    mailbox.getEntry().addAll(entries);
    return xml(SecureXml.toBytes(ContractJaxb.write(mailbox)));
  }

  @GetMapping(path = "/{deliveryId}", produces = MediaType.APPLICATION_XML_VALUE)
  @Operation(
      summary =
          "One delivery: hub:Delivery signed by the hub, holding the sender's signed envelope")
  @ApiResponse(responseCode = "200", description = "hub:Delivery")
  @ApiResponse(
      responseCode = "404",
      description = "DELIVERY_NOT_FOUND",
      content = @Content(mediaType = ApiDocs.PROBLEM))
  public ResponseEntity<byte[]> fetch(@PathVariable String deliveryId, HttpServletRequest request) {
    String caller = callers.of(request);
    return xml(store.fetch(deliveryId, caller).orElseThrow(MailboxController::notFound));
  }

  @PostMapping(path = "/{deliveryId}/ack")
  @Operation(
      summary = "Acknowledge a delivery with a hub:DeliveryAcknowledgement signed by the recipient",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = "application/xml",
                      schema =
                          @Schema(type = "string", description = "hub:DeliveryAcknowledgement"))))
  @ApiResponse(responseCode = "204", description = "acknowledged; the delivery leaves the mailbox")
  @ApiResponse(
      responseCode = "400",
      description = "ACKNOWLEDGEMENT_INVALID",
      content = @Content(mediaType = ApiDocs.PROBLEM))
  @ApiResponse(
      responseCode = "404",
      description = "DELIVERY_NOT_FOUND",
      content = @Content(mediaType = ApiDocs.PROBLEM))
  public ResponseEntity<byte[]> acknowledge(
      @PathVariable String deliveryId, HttpServletRequest request) throws IOException {
    String caller = null;
    try {
      caller = callers.of(request);
      String recipient = caller;
      var delivery =
          deliveries
              .find(deliveryId)
              .filter(d -> d.recipient().equals(recipient))
              .orElseThrow(MailboxController::notFound);
      acknowledgements.check(
          BoundedBody.read(request.getInputStream(), MAX_ACKNOWLEDGEMENT_BYTES),
          deliveryId,
          delivery.messageId(),
          caller);
      // One commit for all three writes (each commit is a write to the database file), and no
      // acknowledgement half recorded. The mailbox, not the ledger's status, says whether the
      // delivery waits there: the delivery route records IN_MAILBOX just after putting it in,
      // and a quick back office may fetch and acknowledge it in between. A repeated
      // acknowledgement is answered the same.
      transactions.executeWithoutResult(
          status -> {
            if (!store.remove(deliveryId, recipient)
                && delivery.status() != DeliveryStatus.ACKNOWLEDGED) {
              throw notFound();
            }
            deliveries.acknowledged(deliveryId, recipient);
            audit.record(recipient, "ACKNOWLEDGE", deliveryId, "ACKNOWLEDGED");
          });
      return ResponseEntity.noContent().build();
    } catch (RuntimeException refused) {
      return RestErrors.problem(
          problems.record(refused, caller, "ACKNOWLEDGE", deliveryId), request);
    }
  }

  private static HubException notFound() {
    return new HubException(ErrorCode.DELIVERY_NOT_FOUND, ErrorCode.DELIVERY_NOT_FOUND.sentence());
  }

  private static ResponseEntity<byte[]> xml(byte[] body) {
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML).body(body);
  }
}
