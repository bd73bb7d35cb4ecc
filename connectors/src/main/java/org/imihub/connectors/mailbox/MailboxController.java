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
import java.util.function.Supplier;
import org.imihub.connectors.channel.BoundedBody;
import org.imihub.connectors.channel.Callers;
import org.imihub.connectors.channel.Problems;
import org.imihub.connectors.rest.ApiDocs;
import org.imihub.connectors.rest.RestErrors;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.contract.hub.v1.AcknowledgementBatch;
import org.imihub.contract.hub.v1.AcknowledgementOutcomes;
import org.imihub.contract.hub.v1.Mailbox;
import org.imihub.contract.xml.ContractJaxb;
import org.imihub.contract.xml.ContractSchemas;
import org.imihub.contract.xml.SecureXml;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.w3c.dom.Document;

/**
 * The pull side of the mailbox connector, for the calling authority's own mailbox: list ({@code GET
 * /api/v1/mailbox}, with the documents if asked), fetch a hub-signed delivery ({@code GET
 * .../{deliveryId}}) and acknowledge it with a signed DeliveryAcknowledgement ({@code POST
 * .../{deliveryId}/ack}), or several at once ({@code POST .../acknowledgements}). A back office
 * that lists with the documents and acknowledges in batches makes two calls for many deliveries
 * instead of two per delivery.
 */
@RestController
@RequestMapping("/api/v1/mailbox")
@Tag(name = "mailbox", description = "The calling authority's mailbox: list, fetch, acknowledge")
public class MailboxController {
  private static final long MAX_ACKNOWLEDGEMENT_BYTES = 64 * 1024;

  /** A full batch of acknowledgements of a usual size (a few KiB each), in base64, with room. */
  private static final long MAX_BATCH_BYTES = 2 * 1024 * 1024;

  private final Callers callers;
  private final MailboxStore store;
  private final MailboxWaiters waiters;
  private final MailboxAcknowledgements acknowledgements;
  private final Problems problems;

  public MailboxController(
      Callers callers,
      MailboxStore store,
      MailboxWaiters waiters,
      MailboxAcknowledgements acknowledgements,
      Problems problems) {
    this.callers = callers;
    this.store = store;
    this.waiters = waiters;
    this.acknowledgements = acknowledgements;
    this.problems = problems;
  }

  @GetMapping(params = "!wait", produces = MediaType.APPLICATION_XML_VALUE)
  @Operation(
      summary = "The deliveries waiting for the calling authority, oldest first (hub:Mailbox)")
  @ApiResponse(responseCode = "200", description = "hub:Mailbox")
  public ResponseEntity<byte[]> list(
      @RequestParam(defaultValue = "100") int limit,
      @RequestParam(defaultValue = "false") boolean documents,
      HttpServletRequest request) {
    return mailbox(store.list(callers.of(request), entries(limit), documents));
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
      @Parameter(
              description =
                  "Each entry with its hub-signed hub:Delivery (base64), as a fetch would answer"
                      + " it; at most 2 MiB of documents per answer (always the first entry's),"
                      + " the rest come with the next")
          @RequestParam(defaultValue = "false")
          boolean documents,
      HttpServletRequest request) {
    String caller = callers.of(request);
    if (wait < 0 || wait > MailboxWaiters.MAX_WAIT.toSeconds()) {
      throw new HubException(
          ErrorCode.REQUEST_INVALID,
          "wait is in seconds, from 0 to " + MailboxWaiters.MAX_WAIT.toSeconds() + ".");
    }
    Supplier<List<Mailbox.Entry>> look = () -> store.list(caller, entries(limit), documents);
    List<Mailbox.Entry> waiting = look.get();
    if (!waiting.isEmpty() || wait == 0) {
      DeferredResult<ResponseEntity<byte[]>> now = new DeferredResult<>();
      now.setResult(mailbox(waiting));
      return now;
    }
    return waiters.await(caller, look, Duration.ofSeconds(wait), MailboxController::mailbox);
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
      acknowledgements.acknowledgeOne(
          caller,
          deliveryId,
          BoundedBody.read(request.getInputStream(), MAX_ACKNOWLEDGEMENT_BYTES));
      return ResponseEntity.noContent().build();
    } catch (RuntimeException refused) {
      return RestErrors.problem(
          problems.record(refused, caller, "ACKNOWLEDGE", deliveryId), request);
    }
  }

  @PostMapping(path = "/acknowledgements", produces = MediaType.APPLICATION_XML_VALUE)
  @Operation(
      summary = "Acknowledge up to 100 deliveries in one call (hub:AcknowledgementBatch)",
      description =
          "Each Acknowledgement is a hub:DeliveryAcknowledgement signed by the recipient, in"
              + " base64, byte for byte as the single acknowledgement's body. Each is checked on"
              + " its own; those that pass are recorded in one commit. The answer has one"
              + " Outcome per Acknowledgement, in their order: ACKNOWLEDGED, or the error code"
              + " that refused it (the others are acknowledged all the same).",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = "application/xml",
                      schema = @Schema(type = "string", description = "hub:AcknowledgementBatch"))))
  @ApiResponse(responseCode = "200", description = "hub:AcknowledgementOutcomes")
  @ApiResponse(
      responseCode = "400",
      description =
          "MALFORMED_XML, SCHEMA_VIOLATION (also: none, or more than 100), REQUEST_INVALID",
      content = @Content(mediaType = ApiDocs.PROBLEM))
  @ApiResponse(
      responseCode = "413",
      description = "MESSAGE_TOO_LARGE (more than 2 MiB)",
      content = @Content(mediaType = ApiDocs.PROBLEM))
  public ResponseEntity<byte[]> acknowledgeAll(HttpServletRequest request) throws IOException {
    String caller = null;
    try {
      caller = callers.of(request);
      AcknowledgementBatch batch =
          batch(BoundedBody.read(request.getInputStream(), MAX_BATCH_BYTES));
      AcknowledgementOutcomes answer = new AcknowledgementOutcomes();
      answer.getOutcome().addAll(acknowledgements.acknowledge(caller, batch.getAcknowledgement()));
      return xml(SecureXml.toBytes(ContractJaxb.write(answer)));
    } catch (RuntimeException refused) {
      return RestErrors.problem(problems.record(refused, caller, "ACKNOWLEDGE", null), request);
    }
  }

  private static AcknowledgementBatch batch(byte[] body) {
    Document document = SecureXml.parse(body);
    if (!"AcknowledgementBatch".equals(document.getDocumentElement().getLocalName())) {
      throw new HubException(
          ErrorCode.REQUEST_INVALID, "The body is not a hub:AcknowledgementBatch.");
    }
    ContractSchemas.validate(document);
    return ContractJaxb.read(document.getDocumentElement(), AcknowledgementBatch.class);
  }

  private static HubException notFound() {
    return new HubException(ErrorCode.DELIVERY_NOT_FOUND, ErrorCode.DELIVERY_NOT_FOUND.sentence());
  }

  private static ResponseEntity<byte[]> xml(byte[] body) {
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML).body(body);
  }
}
