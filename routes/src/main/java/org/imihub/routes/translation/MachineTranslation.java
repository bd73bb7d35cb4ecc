package org.imihub.routes.translation;

import java.util.concurrent.CompletableFuture;

/**
 * A machine-translation service, as the hub uses it for free text: one text, one source and one
 * target language (ISO 639-1, lower case, as in the envelope). Implementations are the edges'
 * business (connectors/translation); at most one is configured, none by default.
 *
 * <p>{@link #translate} never blocks its caller: the answer comes when the service gives it, which
 * may be much later (a service with callbacks), or never (the future then fails, at the latest
 * after the implementation's own time limit). The caller decides how long to wait and never lets a
 * translation hold up a delivery.
 */
public interface MachineTranslation {

  /** The service's name, stated next to every translation it made (e.g. {@code libretranslate}). */
  String engine();

  /**
   * Translates {@code text} from {@code sourceLanguage} to {@code targetLanguage}.
   *
   * @return the translated text; fails with {@link MachineTranslationException} when the service
   *     refuses, fails or does not answer in time
   */
  CompletableFuture<String> translate(String text, String sourceLanguage, String targetLanguage);
}
