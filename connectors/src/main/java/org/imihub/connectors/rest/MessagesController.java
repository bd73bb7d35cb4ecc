package org.imihub.connectors.rest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.imihub.connectors.channel.BoundedBody;
import org.imihub.connectors.channel.Callers;
import org.imihub.connectors.channel.Problems;
import org.imihub.connectors.channel.Submissions;
import org.imihub.connectors.dialect.DialectMessages;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.contract.xml.ContractSchemas;
import org.imihub.routes.HubProperties;
import org.imihub.routes.directory.Authority;
import org.imihub.routes.directory.Directory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The REST inbound channel: {@code POST /api/v1/messages} with a signed envelope; answers with the
 * hub's signed receipt once the message is durable.
 */
@RestController
@RequestMapping("/api/v1/messages")
@Tag(name = "messages", description = "Submit signed envelopes")
public class MessagesController {
  private static final XMLInputFactory PEEK = peekFactory();

  private final Callers callers;
  private final Submissions submissions;
  private final Directory directory;
  private final DialectMessages dialectMessages;
  private final Problems problems;
  private final long maxMessageBytes;

  public MessagesController(
      Callers callers,
      Submissions submissions,
      Directory directory,
      DialectMessages dialectMessages,
      Problems problems,
      HubProperties properties) {
    this.callers = callers;
    this.submissions = submissions;
    this.directory = directory;
    this.dialectMessages = dialectMessages;
    this.problems = problems;
    this.maxMessageBytes = properties.ingest().maxMessageSize().toBytes();
  }

  @PostMapping(produces = MediaType.APPLICATION_XML_VALUE)
  @Operation(
      summary = "Submit a signed envelope",
      description =
          "The body is an env:Envelope (envelope-v1.xsd) with one enveloped XML signature by the sending"
              + " authority, which must also be the caller. The hub answers with its signed hub:Receipt only once the"
              + " message is durable. Resending the same signed envelope returns the same receipt.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = "application/xml",
                      schema = @Schema(type = "string", description = "env:Envelope"))))
  @ApiResponse(
      responseCode = "200",
      description = "hub:Receipt, signed by the hub",
      content = @Content(mediaType = "application/xml", schema = @Schema(type = "string")))
  @ApiResponse(
      responseCode = "400",
      description = "malformed, DTD, schema, signature or algorithm refusal",
      content = @Content(mediaType = ApiDocs.PROBLEM))
  @ApiResponse(
      responseCode = "403",
      description = "signer or caller is not the sender, or is unknown or expired",
      content = @Content(mediaType = ApiDocs.PROBLEM))
  @ApiResponse(
      responseCode = "404",
      description = "EXCHANGE_NOT_FOUND: the exchange named is not one the sender takes part in",
      content = @Content(mediaType = ApiDocs.PROBLEM))
  @ApiResponse(
      responseCode = "409",
      description = "MESSAGE_ID_REUSED for other content, or EXCHANGE_CONFLICT (another procedure)",
      content = @Content(mediaType = ApiDocs.PROBLEM))
  @ApiResponse(
      responseCode = "413",
      description = "message larger than the hub accepts",
      content = @Content(mediaType = ApiDocs.PROBLEM))
  @ApiResponse(
      responseCode = "415",
      description = "UNSUPPORTED_MEDIA_TYPE: the body must be application/xml",
      content = @Content(mediaType = ApiDocs.PROBLEM))
  @ApiResponse(
      responseCode = "422",
      description =
          "RECIPIENT_UNKNOWN, RECIPIENT_IS_SENDER, RECIPIENTS_INVALID or UNSUPPORTED_MESSAGE_TYPE",
      content = @Content(mediaType = ApiDocs.PROBLEM))
  @ApiResponse(
      responseCode = "500",
      description = "INTERNAL_ERROR: without a receipt, send again",
      content = @Content(mediaType = ApiDocs.PROBLEM))
  @ApiResponse(
      responseCode = "503",
      description = "not durable: nothing kept, send again",
      content = @Content(mediaType = ApiDocs.PROBLEM))
  public ResponseEntity<byte[]> submit(HttpServletRequest request) throws IOException {
    String caller = null;
    byte[] body;
    try {
      caller = callers.of(request);
      if (!isXml(request.getContentType())) {
        throw new HubException(
            ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            "Content type " + request.getContentType() + " is not accepted; send application/xml.");
      }
      if (request.getContentLengthLong() > maxMessageBytes) {
        throw new HubException(
            ErrorCode.MESSAGE_TOO_LARGE, "Messages may be at most " + maxMessageBytes + " bytes.");
      }
      body = BoundedBody.read(request.getInputStream(), maxMessageBytes);
    } catch (RuntimeException refused) {
      return RestErrors.problem(problems.record(refused, caller, "SUBMIT", null), request);
    }
    if (!isEnvelope(body)) {
      String dialect = directory.find(caller).map(Authority::dialect).orElse(null);
      if (dialect != null) {
        return fromDialect(caller, dialect, body, request);
      }
    }
    try {
      return ResponseEntity.ok()
          .contentType(MediaType.APPLICATION_XML)
          .body(submissions.submit(caller, body));
    } catch (HubException recorded) {
      return RestErrors.problem(recorded, request);
    }
  }

  /**
   * A message in the dialect the caller's back office declared (docs/dialects.md): mapped and
   * signed by the hub, then ingested like any envelope; the receipt is the same.
   */
  private ResponseEntity<byte[]> fromDialect(
      String caller, String dialect, byte[] body, HttpServletRequest request) {
    byte[] envelope;
    try {
      envelope = dialectMessages.toCanonical(caller, dialect, body);
    } catch (RuntimeException refused) {
      return RestErrors.problem(problems.record(refused, caller, "SUBMIT", null), request);
    }
    try {
      return ResponseEntity.ok()
          .contentType(MediaType.APPLICATION_XML)
          .body(submissions.submitMappedFromDialect(caller, envelope));
    } catch (HubException refused) {
      return RestErrors.problem(refused, request);
    }
  }

  /**
   * Whether the document element is the canonical env:Envelope (a caller whose back office speaks a
   * dialect may send either). A look at the first element only, so that the canonical path pays
   * nothing for dialects; anything unreadable goes to the ingest, which refuses it with its code.
   */
  private static boolean isEnvelope(byte[] body) {
    try {
      XMLStreamReader reader = PEEK.createXMLStreamReader(new ByteArrayInputStream(body));
      try {
        while (reader.hasNext()) {
          if (reader.next() == XMLStreamConstants.START_ELEMENT) {
            return ContractSchemas.ENVELOPE_NS.equals(reader.getNamespaceURI())
                && "Envelope".equals(reader.getLocalName());
          }
        }
        return true;
      } finally {
        reader.close();
      }
    } catch (XMLStreamException unreadable) {
      return true;
    }
  }

  private static boolean isXml(String contentType) {
    if (contentType == null) {
      return false;
    }
    MediaType type = MediaType.parseMediaType(contentType);
    return type.isCompatibleWith(MediaType.APPLICATION_XML)
        || type.isCompatibleWith(MediaType.TEXT_XML);
  }

  private static XMLInputFactory peekFactory() {
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    return factory;
  }
}
