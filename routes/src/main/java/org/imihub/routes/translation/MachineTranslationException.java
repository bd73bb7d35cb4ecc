package org.imihub.routes.translation;

/**
 * A translation that did not come: the service refused it, failed, or did not answer in time. The
 * message says which, without the text (it may hold personal data).
 */
public class MachineTranslationException extends RuntimeException {
  public MachineTranslationException(String message) {
    super(message);
  }

  public MachineTranslationException(String message, Throwable cause) {
    super(message, cause);
  }
}
