package org.imihub.client;

/** The hub refused a request: its error code, HTTP status and the detail it gave. */
public class HubProblemException extends RuntimeException {
  private final String code;
  private final int status;
  private final String detail;

  public HubProblemException(String code, int status, String detail) {
    super(code + " (" + status + "): " + detail);
    this.code = code;
    this.status = status;
    this.detail = detail;
  }

  public String code() {
    return code;
  }

  public int status() {
    return status;
  }

  public String detail() {
    return detail;
  }
}
