package org.imihub.contract;

/**
 * Every way the hub can refuse something, with the HTTP status it maps to and the sentence a person
 * reads. The code is the stable part of the contract: clients switch on it; the sentence may be
 * reworded and translated.
 */
public enum ErrorCode {
  MALFORMED_XML(400, "The message is not well-formed XML."),
  DTD_FORBIDDEN(
      400,
      "The message contains a document type declaration; DTDs and entities are never accepted."),
  SCHEMA_VIOLATION(400, "The message does not conform to the envelope schema."),
  ATTACHMENT_DIGEST_MISMATCH(
      400, "An attachment's content does not match the SHA-256 digest stated for it."),
  SIGNATURE_MISSING(
      400,
      "The message carries no XML signature; every message must be signed by the sending authority."),
  SIGNATURE_INVALID(
      400,
      "The signature does not verify: the content was changed after signing, or the signature is damaged."),
  SIGNATURE_WRAPPING(
      400,
      "The signature does not cover the envelope being processed: it must be one enveloped signature over the whole envelope (Reference URI=\"\")."),
  WEAK_ALGORITHM(
      400,
      "The signature uses an algorithm or key size the hub does not accept (SHA-1, RSA keys under 2048 bits and non-exclusive canonicalisation are refused)."),
  SIGNER_UNKNOWN(403, "The signing certificate is not registered for any authority."),
  SIGNER_EXPIRED(403, "The signing certificate has expired or is not yet valid."),
  SIGNER_NOT_SENDER(
      403, "The signing certificate belongs to another authority than the one named as sender."),
  CALLER_NOT_SENDER(
      403,
      "The client certificate of this connection belongs to another authority than the one named as sender."),
  CLIENT_CERTIFICATE_UNKNOWN(
      403, "The client certificate of this connection is not registered for any authority."),
  WS_SECURITY_FAILED(
      400,
      "The SOAP message does not meet the service's WS-Security policy (X.509 signature over Body and Timestamp, RSA-SHA256)."),
  RECIPIENT_UNKNOWN(422, "A recipient is not a registered authority."),
  RECIPIENTS_INVALID(
      422,
      "The recipients do not fit the message: a request and its steps go to the one other party, an alert to an audience, an alert's later steps to nobody named (the hub knows), a dissemination to authorities of the disseminator's country."),
  EXCHANGE_CONFLICT(
      409,
      "The message does not fit the exchange it names: the id is taken, the exchange follows another procedure, or it changed meanwhile."),
  LIFECYCLE_NOT_ALLOWED(
      409, "This step is not allowed for this party in the exchange's present state."),
  EXCHANGE_CLOSED(
      409, "The exchange is closed, declined or withdrawn; nothing more can happen in it."),
  ACTION_INCOMPLETE(
      422,
      "The step lacks what it needs: a DECLINE or an ALERT_COMMENT its text (FreeText), a PROPOSE_REPLY_BY a ReplyBy date."),
  AUDIENCE_EMPTY(422, "The alert's audience names no country and not the Commission."),
  POLICY_AREA_UNHANDLED(422, "No authority handles this policy area in the alert's audience."),
  RECIPIENT_IS_SENDER(422, "An authority cannot send a message to itself."),
  UNSUPPORTED_MESSAGE_TYPE(422, "The hub does not handle this message type yet."),
  MESSAGE_TOO_LARGE(413, "The message is larger than the hub accepts."),
  UNSUPPORTED_MEDIA_TYPE(415, "The request body must be an XML envelope (application/xml)."),
  MESSAGE_ID_REUSED(
      409,
      "This message id was already used for a different message; a resent message must carry the same signed content."),
  ACKNOWLEDGEMENT_INVALID(
      400,
      "The acknowledgement is not a valid DeliveryAcknowledgement signed by the recipient for this delivery."),
  EXCHANGE_NOT_FOUND(404, "No exchange with this id is visible to the calling authority."),
  DELIVERY_NOT_FOUND(404, "No delivery with this id is in the calling authority's mailbox."),
  REASON_REQUIRED(422, "This operation needs a reason; it is audited."),
  AUTHORITY_NOT_FOUND(404, "No authority with this id is in the directory."),
  SCHEMA_NOT_FOUND(404, "No published schema has this name."),
  DEAD_LETTER_NOT_FOUND(404, "No dead-lettered delivery matches."),
  REQUEST_INVALID(
      400, "The request is not valid for this endpoint (parameters, method or media type)."),
  RESOURCE_NOT_FOUND(404, "There is nothing at this address."),
  HUB_UNAVAILABLE(
      503,
      "The hub could not hand the message on durably; send it again (a resend is recognised, and answered with its receipt once it is through)."),
  INTERNAL_ERROR(
      500,
      "The hub failed while handling the request; without a receipt, send the message again (a resend is recognised).");

  private final int httpStatus;
  private final String sentence;

  ErrorCode(int httpStatus, String sentence) {
    this.httpStatus = httpStatus;
    this.sentence = sentence;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public String sentence() {
    return sentence;
  }

  /** The problem-details type URI of this code. */
  public String typeUri() {
    return "urn:imi-hub:error:" + name();
  }
}
