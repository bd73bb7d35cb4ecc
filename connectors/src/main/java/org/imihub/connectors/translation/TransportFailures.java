package org.imihub.connectors.translation;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.imihub.routes.translation.MachineTranslationException;

/**
 * Names why an HTTP call to a translation service got no answer, as the webhook connector does for
 * deliveries: refused, timed out, or another I/O failure. The text sent is never part of it.
 */
final class TransportFailures {
  private TransportFailures() {}

  static MachineTranslationException describe(
      String service, URI endpoint, Duration timeout, Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof MachineTranslationException known) {
      return known;
    }
    if (cause instanceof HttpConnectTimeoutException) {
      return new MachineTranslationException(
          "no connection to " + service + " at " + endpoint + " within " + timeout, cause);
    }
    if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
      return new MachineTranslationException(
          "no answer from " + service + " at " + endpoint + " within " + timeout, cause);
    }
    for (Throwable c = cause; c != null; c = c.getCause()) {
      if (c instanceof ConnectException) {
        return new MachineTranslationException(
            "connection to " + service + " at " + endpoint + " refused", cause);
      }
    }
    return new MachineTranslationException(
        "calling " + service + " at " + endpoint + " failed: " + cause.getClass().getSimpleName(),
        cause);
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
