package org.imihub.connectors.channel;

import org.apache.camel.CamelExecutionException;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.contract.Languages;
import org.imihub.contract.problem.Problem;
import org.imihub.contract.xml.ContractJaxb;
import org.imihub.contract.xml.SecureXml;
import org.imihub.routes.audit.AuditLog;
import org.imihub.routes.metrics.HubMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;

/**
 * Turns a refusal into the problem document both channels answer with (REST body, SOAP fault
 * detail), and records it: an audit entry and a log line with ids and the code, never content.
 */
@Component
public class Problems {
  private static final Logger log = LoggerFactory.getLogger(Problems.class);

  private final AuditLog audit;
  private final HubMetrics metrics;

  public Problems(AuditLog audit, HubMetrics metrics) {
    this.audit = audit;
    this.metrics = metrics;
  }

  /** The refusal inside whatever the hub threw; anything unexpected becomes INTERNAL_ERROR. */
  public static HubException refusal(Throwable thrown) {
    Throwable cause = thrown;
    while (cause instanceof CamelExecutionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof HubException hub) {
      return hub;
    }
    return new HubException(ErrorCode.INTERNAL_ERROR, ErrorCode.INTERNAL_ERROR.sentence(), cause);
  }

  /**
   * Audits and logs a refusal of {@code action} by {@code caller} on {@code subject} (an id, or
   * null).
   */
  public HubException record(Throwable thrown, String caller, String action, String subject) {
    HubException refusal = refusal(thrown);
    if (refusal.code() == ErrorCode.INTERNAL_ERROR) {
      log.error("{} by {} on {} failed", action, caller, subject, refusal.getCause());
    } else {
      log.info("{} by {} on {} refused: {}", action, caller, subject, refusal.code());
    }
    metrics.rejected(refusal.code().name());
    try {
      audit.record(caller, action, subject, refusal.code().name());
    } catch (RuntimeException auditFailed) {
      log.error("audit entry for a refused {} could not be written", action, auditFailed);
    }
    return refusal;
  }

  public static Document document(HubException refusal, String instance) {
    return document(refusal, instance, refusal.code().httpStatus(), Languages.FALLBACK);
  }

  /**
   * With another status than the code's own (for what Spring refuses: 405, 406, ...), and the title
   * in {@code language} (one of {@link Languages#ALL}); the detail stays English, as the hub writes
   * it.
   */
  public static Document document(
      HubException refusal, String instance, int status, String language) {
    Problem problem = new Problem();
    problem.setType(refusal.code().typeUri());
    problem.setTitle(refusal.code().sentence(language));
    problem.setStatus(status);
    problem.setDetail(refusal.detail());
    problem.setCode(refusal.code().name());
    problem.setInstance(instance);
    return ContractJaxb.write(problem);
  }

  public static byte[] bytes(HubException refusal, String instance, String language) {
    return SecureXml.toBytes(document(refusal, instance, refusal.code().httpStatus(), language));
  }
}
