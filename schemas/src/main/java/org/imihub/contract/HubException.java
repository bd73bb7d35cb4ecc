package org.imihub.contract;

/**
 * A refusal with a typed {@link ErrorCode}. The detail says what in particular was wrong; it goes
 * back to the caller, whose own data it may quote, but it is never logged.
 */
public class HubException extends RuntimeException {
  private final ErrorCode code;
  private final String detail;

  public HubException(ErrorCode code, String detail) {
    this(code, detail, null);
  }

  public HubException(ErrorCode code, String detail, Throwable cause) {
    super(code.name() + ": " + code.sentence(), cause);
    this.code = code;
    this.detail = detail == null || detail.isBlank() ? code.sentence() : detail;
  }

  public ErrorCode code() {
    return code;
  }

  /** What in particular was wrong; may quote the caller's own content, so never log it. */
  public String detail() {
    return detail;
  }
}
