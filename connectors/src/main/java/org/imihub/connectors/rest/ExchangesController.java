package org.imihub.connectors.rest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.imihub.connectors.channel.Callers;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.contract.xml.ContractJaxb;
import org.imihub.contract.xml.SecureXml;
import org.imihub.routes.exchange.ExchangeTracking;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tracking: {@code GET /api/v1/exchanges/{id}} shows an exchange's state and each recipient's
 * delivery. Authorities not involved get 404, the same as for an id that does not exist.
 */
@RestController
@RequestMapping("/api/v1/exchanges")
@Tag(name = "exchanges", description = "Track exchanges")
public class ExchangesController {
  private final Callers callers;
  private final ExchangeTracking tracking;

  public ExchangesController(Callers callers, ExchangeTracking tracking) {
    this.callers = callers;
    this.tracking = tracking;
  }

  @GetMapping(path = "/{exchangeId}", produces = MediaType.APPLICATION_XML_VALUE)
  @Operation(
      summary = "An exchange's state, messages and each recipient's delivery",
      description =
          "Only for the authorities involved; for anyone else the exchange does not exist (404).")
  @ApiResponse(
      responseCode = "200",
      description = "hub:Exchange",
      content = @Content(mediaType = "application/xml", schema = @Schema(type = "string")))
  @ApiResponse(
      responseCode = "404",
      description = "EXCHANGE_NOT_FOUND",
      content = @Content(mediaType = ApiDocs.PROBLEM))
  public ResponseEntity<byte[]> exchange(
      @PathVariable String exchangeId, HttpServletRequest request) {
    String caller = callers.of(request);
    return tracking
        .find(exchangeId, caller)
        .map(
            exchange ->
                ResponseEntity.ok()
                    .contentType(MediaType.APPLICATION_XML)
                    .body(SecureXml.toBytes(ContractJaxb.write(exchange))))
        .orElseThrow(
            () ->
                new HubException(
                    ErrorCode.EXCHANGE_NOT_FOUND, ErrorCode.EXCHANGE_NOT_FOUND.sentence()));
  }
}
