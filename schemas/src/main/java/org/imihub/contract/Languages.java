package org.imihub.contract;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The languages the hub speaks: the 24 official languages of the EU, Icelandic and Norwegian, as
 * ISO 639-1 codes in lower case (the envelope's {@code Language}). Norwegian is Bokmål, {@code nb};
 * {@code no} (Norwegian) and {@code nn} (Nynorsk) are read as {@code nb}, the one Norwegian the
 * texts are written in. Every text the hub renders exists in each of them (a build test checks).
 */
public final class Languages {
  public static final List<String> ALL =
      List.of(
          "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it", "lt",
          "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv", "is", "nb");

  /** The language of last resort: the one the texts are written in first. */
  public static final String FALLBACK = "en";

  private Languages() {}

  /**
   * The hub's code for {@code code} (any case; {@code no} and {@code nn} become {@code nb}), if it
   * is a language the hub speaks.
   */
  public static Optional<String> known(String code) {
    if (code == null) {
      return Optional.empty();
    }
    String lower = code.trim().toLowerCase(Locale.ROOT);
    if (lower.equals("no") || lower.equals("nn")) {
      lower = "nb";
    }
    return ALL.contains(lower) ? Optional.of(lower) : Optional.empty();
  }

  /**
   * The language for {@code code}, or {@link ErrorCode#LANGUAGE_UNKNOWN} naming it.
   *
   * @param what what the code is, for the sentence (e.g. "The envelope's Language")
   */
  public static String require(String code, String what) {
    return known(code)
        .orElseThrow(
            () ->
                new HubException(
                    ErrorCode.LANGUAGE_UNKNOWN,
                    what
                        + " \""
                        + code
                        + "\" is not a language the hub knows; it knows "
                        + String.join(", ", ALL)
                        + "."));
  }

  /**
   * The best language for an HTTP {@code Accept-Language} header: the first range, by weight, whose
   * primary language the hub speaks ({@code fr-BE} is French); {@link #FALLBACK} when none is, when
   * the header is absent or when it cannot be read.
   */
  public static String negotiate(String acceptLanguage) {
    if (acceptLanguage == null || acceptLanguage.isBlank()) {
      return FALLBACK;
    }
    try {
      for (Locale.LanguageRange range : Locale.LanguageRange.parse(acceptLanguage)) {
        if (range.getWeight() == 0) {
          continue;
        }
        String primary = range.getRange().split("-", 2)[0];
        Optional<String> known = known(primary);
        if (known.isPresent()) {
          return known.get();
        }
      }
    } catch (IllegalArgumentException unreadable) {
      // A malformed header is no reason to refuse a read: it gets the fallback.
    }
    return FALLBACK;
  }
}
