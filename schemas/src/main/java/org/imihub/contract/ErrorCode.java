package org.imihub.contract;

/**
 * Every way the hub can refuse something, with the HTTP status it maps to. The code is the stable
 * part of the contract: clients switch on it. The sentence a person reads is in the hub's texts
 * ({@code i18n/hub_<language>.properties}, key {@code error.<CODE>}), in every language the hub
 * knows; it may be reworded.
 */
public enum ErrorCode {
  MALFORMED_XML(400),
  DTD_FORBIDDEN(400),
  SCHEMA_VIOLATION(400),
  ATTACHMENT_DIGEST_MISMATCH(400),
  SIGNATURE_MISSING(400),
  SIGNATURE_INVALID(400),
  SIGNATURE_WRAPPING(400),
  WEAK_ALGORITHM(400),
  SIGNER_UNKNOWN(403),
  SIGNER_EXPIRED(403),
  SIGNER_NOT_SENDER(403),
  CALLER_NOT_SENDER(403),
  CLIENT_CERTIFICATE_UNKNOWN(403),
  WS_SECURITY_FAILED(400),
  RECIPIENT_UNKNOWN(422),
  RECIPIENTS_INVALID(422),
  EXCHANGE_CONFLICT(409),
  LIFECYCLE_NOT_ALLOWED(409),
  EXCHANGE_CLOSED(409),
  ACTION_INCOMPLETE(422),
  AUDIENCE_EMPTY(422),
  POLICY_AREA_UNHANDLED(422),
  RECIPIENT_IS_SENDER(422),
  PROCEDURE_UNKNOWN(422),
  PROCEDURE_MISMATCH(422),
  QUESTION_UNKNOWN(422),
  ANSWER_INVALID(422),
  LANGUAGE_UNKNOWN(422),
  DIALECT_INVALID(422),
  DIALECT_UNKNOWN(422),
  UNSUPPORTED_MESSAGE_TYPE(422),
  MESSAGE_TOO_LARGE(413),
  UNSUPPORTED_MEDIA_TYPE(415),
  MESSAGE_ID_REUSED(409),
  ACKNOWLEDGEMENT_INVALID(400),
  EXCHANGE_NOT_FOUND(404),
  DELIVERY_NOT_FOUND(404),
  REASON_REQUIRED(422),
  AUTHORITY_NOT_FOUND(404),
  SCHEMA_NOT_FOUND(404),
  DEAD_LETTER_NOT_FOUND(404),
  REQUEST_INVALID(400),
  RESOURCE_NOT_FOUND(404),
  HUB_UNAVAILABLE(503),
  INTERNAL_ERROR(500);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The sentence in English, as problem titles and logs give it. */
  public String sentence() {
    return HubTexts.english("error." + name());
  }

  /** The sentence in {@code language}, one of {@link Languages#ALL}. */
  public String sentence(String language) {
    return HubTexts.text(language, "error." + name());
  }

  /** The problem-details type URI of this code. */
  public String typeUri() {
    return "urn:imi-hub:error:" + name();
  }
}
