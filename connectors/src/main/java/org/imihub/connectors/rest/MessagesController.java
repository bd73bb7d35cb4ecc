package org.imihub.connectors.rest;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.apache.camel.ProducerTemplate;
import org.imihub.connectors.channel.BoundedBody;
import org.imihub.connectors.channel.Callers;
import org.imihub.connectors.channel.Problems;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.routes.HubProperties;
import org.imihub.routes.ingest.Inbound;
import org.imihub.routes.ingest.IngestRoute;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The REST inbound channel: {@code POST /api/v1/messages} with a signed envelope; answers
 * with the hub's signed receipt once the message is durable.
 */
@RestController
@RequestMapping("/api/v1/messages")
public class MessagesController {
  private final Callers callers;
  private final ProducerTemplate ingest;
  private final Problems problems;
  private final long maxMessageBytes;

  public MessagesController(Callers callers, ProducerTemplate producerTemplate, Problems problems, HubProperties properties) {
    this.callers = callers;
    this.ingest = producerTemplate;
    this.problems = problems;
    this.maxMessageBytes = properties.ingest().maxMessageSize().toBytes();
  }

  @PostMapping(produces = MediaType.APPLICATION_XML_VALUE)
  public ResponseEntity<byte[]> submit(HttpServletRequest request) throws IOException {
    String caller = null;
    Inbound inbound = null;
    try {
      caller = callers.of(request);
      if (!isXml(request.getContentType())) {
        throw new HubException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            "Content type " + request.getContentType() + " is not accepted; send application/xml.");
      }
      if (request.getContentLengthLong() > maxMessageBytes) {
        throw new HubException(ErrorCode.MESSAGE_TOO_LARGE, "Messages may be at most " + maxMessageBytes + " bytes.");
      }
      byte[] body = BoundedBody.read(request.getInputStream(), maxMessageBytes);
      inbound = new Inbound(body, caller);
      byte[] receipt = ingest.requestBody(IngestRoute.ENDPOINT, inbound, byte[].class);
      return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML).body(receipt);
    } catch (RuntimeException refused) {
      return RestErrors.problem(problems.record(refused, caller, "SUBMIT", inbound == null ? null : inbound.messageId()), request);
    }
  }

  private static boolean isXml(String contentType) {
    if (contentType == null) {
      return false;
    }
    MediaType type = MediaType.parseMediaType(contentType);
    return type.isCompatibleWith(MediaType.APPLICATION_XML) || type.isCompatibleWith(MediaType.TEXT_XML);
  }
}
