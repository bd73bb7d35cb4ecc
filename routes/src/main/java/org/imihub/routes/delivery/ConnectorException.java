package org.imihub.routes.delivery;

/**
 * A delivery that could not be made now, with its real cause named for the operator: refused
 * connection, timeout, TLS failure, an HTTP status, a bad acknowledgement.
 */
public class ConnectorException extends RuntimeException {
  /** What kind of failure, for operators and metrics. */
  public enum Cause {
    CONNECTION_REFUSED,
    TIMEOUT,
    TLS,
    HTTP_STATUS,
    BAD_ACKNOWLEDGEMENT,
    NOT_CONFIGURED,
    IO
  }

  private final Cause cause;

  public ConnectorException(Cause cause, String message, Throwable underlying) {
    super(cause + ": " + message, underlying);
    this.cause = cause;
  }

  public Cause failure() {
    return cause;
  }
}
