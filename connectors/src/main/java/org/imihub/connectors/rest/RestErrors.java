package org.imihub.connectors.rest;

import jakarta.servlet.http.HttpServletRequest;
import org.imihub.connectors.channel.Problems;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.contract.Languages;
import org.imihub.contract.xml.SecureXml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every REST refusal as application/problem+xml with the hub's error code: the hub's own refusals,
 * and what Spring refuses before a controller runs (unknown path, wrong method, a parameter of the
 * wrong type), so no client ever has to parse a second error format. The title is in the language
 * the request's {@code Accept-Language} asks for (English without one; docs/languages.md), named in
 * {@code Content-Language}.
 */
@RestControllerAdvice
public class RestErrors {
  public static final MediaType PROBLEM_XML = MediaType.parseMediaType("application/problem+xml");
  private static final Logger log = LoggerFactory.getLogger(RestErrors.class);
  private static final String RETRY_AFTER_SECONDS = "5";

  @ExceptionHandler(HubException.class)
  public ResponseEntity<byte[]> refused(HubException refusal, HttpServletRequest request) {
    return problem(refusal, request);
  }

  /**
   * Spring's own refusals (ErrorResponse: unknown path, wrong method, ...), bad parameters, and
   * failures.
   */
  @ExceptionHandler(Exception.class)
  public ResponseEntity<byte[]> other(Exception failure, HttpServletRequest request) {
    int status;
    if (failure instanceof ErrorResponse response) {
      status = response.getStatusCode().value();
    } else if (failure instanceof TypeMismatchException) {
      status = 400;
    } else {
      log.error("{} {} failed", request.getMethod(), request.getRequestURI(), failure);
      return problem(
          new HubException(ErrorCode.INTERNAL_ERROR, ErrorCode.INTERNAL_ERROR.sentence()), request);
    }
    ErrorCode code = status == 404 ? ErrorCode.RESOURCE_NOT_FOUND : ErrorCode.REQUEST_INVALID;
    String detail = status == 404 ? code.sentence() : code.sentence() + " (HTTP " + status + ")";
    String language = Languages.negotiate(request.getHeader(HttpHeaders.ACCEPT_LANGUAGE));
    return ResponseEntity.status(status)
        .contentType(PROBLEM_XML)
        .header(HttpHeaders.CONTENT_LANGUAGE, language)
        .body(
            SecureXml.toBytes(
                Problems.document(
                    new HubException(code, detail), request.getRequestURI(), status, language)));
  }

  public static ResponseEntity<byte[]> problem(HubException refusal, HttpServletRequest request) {
    String language = Languages.negotiate(request.getHeader(HttpHeaders.ACCEPT_LANGUAGE));
    ResponseEntity.BodyBuilder answer =
        ResponseEntity.status(refusal.code().httpStatus())
            .contentType(PROBLEM_XML)
            .header(HttpHeaders.CONTENT_LANGUAGE, language);
    if (refusal.code() == ErrorCode.HUB_UNAVAILABLE) {
      // Busy or a failed hand-off: nothing was kept, and a resend in a few seconds is the remedy.
      answer.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }
    return answer.body(Problems.bytes(refusal, request.getRequestURI(), language));
  }
}
