package org.imihub.connectors.rest;

import jakarta.servlet.http.HttpServletRequest;
import org.imihub.connectors.channel.Problems;
import org.imihub.contract.HubException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Every REST refusal as application/problem+xml with the hub's error code. */
@RestControllerAdvice(basePackages = "org.imihub.connectors")
public class RestErrors {
  public static final MediaType PROBLEM_XML = MediaType.parseMediaType("application/problem+xml");

  @ExceptionHandler(HubException.class)
  public ResponseEntity<byte[]> refused(HubException refusal, HttpServletRequest request) {
    return problem(refusal, request);
  }

  public static ResponseEntity<byte[]> problem(HubException refusal, HttpServletRequest request) {
    return ResponseEntity.status(refusal.code().httpStatus())
        .contentType(PROBLEM_XML)
        .body(Problems.bytes(refusal, request.getRequestURI()));
  }
}
