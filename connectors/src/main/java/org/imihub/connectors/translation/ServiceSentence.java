package org.imihub.connectors.translation;

/**
 * An error sentence of a translation service, made fit for an exception message and a log line: one
 * short line, and withheld altogether if it quotes the text that was to be translated (which may
 * hold personal data).
 */
final class ServiceSentence {
  private static final int MAX_LENGTH = 300;

  private ServiceSentence() {}

  static String of(String sentence, String textToTranslate) {
    if (sentence == null || sentence.isBlank()) {
      return "no reason given";
    }
    if (textToTranslate != null
        && !textToTranslate.isBlank()
        && sentence.contains(textToTranslate.strip())) {
      return "reason withheld, it quotes the text";
    }
    String oneLine = sentence.strip().replaceAll("\\p{Cntrl}+", " ");
    return oneLine.length() <= MAX_LENGTH ? oneLine : oneLine.substring(0, MAX_LENGTH) + "...";
  }
}
