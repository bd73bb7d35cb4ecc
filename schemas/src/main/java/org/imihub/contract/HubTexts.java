package org.imihub.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The hub's own words (message types, states, statuses, notices, answer types, error sentences) in
 * each language it speaks: {@code i18n/hub_<language>.properties} next to this class, UTF-8, the
 * English file the source of the others. The build fails when a language lacks a key
 * (HubTextsTest), so a missing text is a bug; should one still be missing, the English one is
 * given, and the key itself if English lacks it too.
 */
public final class HubTexts {
  private static final String FOLDER = "/org/imihub/contract/i18n/";
  private static final Map<String, Map<String, String>> TEXTS = loadAll();

  private HubTexts() {}

  /** The text under {@code key} in {@code language} (one of {@link Languages#ALL}). */
  public static String text(String language, String key) {
    String text = TEXTS.getOrDefault(language, Map.of()).get(key);
    return text != null ? text : english(key);
  }

  public static String english(String key) {
    return TEXTS.get(Languages.FALLBACK).getOrDefault(key, key);
  }

  /** Every key and text of one language, in no particular order; empty for an unknown one. */
  public static Map<String, String> all(String language) {
    return TEXTS.getOrDefault(language, Map.of());
  }

  /** Reads a UTF-8 properties file (the format of every text file of the hub). */
  public static Map<String, String> read(InputStream in) throws IOException {
    Properties properties = new Properties();
    properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    Map<String, String> texts = new LinkedHashMap<>();
    properties.forEach((key, value) -> texts.put((String) key, ((String) value).strip()));
    return texts;
  }

  private static Map<String, Map<String, String>> loadAll() {
    Map<String, Map<String, String>> texts = new LinkedHashMap<>();
    for (String language : Languages.ALL) {
      try (InputStream in =
          HubTexts.class.getResourceAsStream(FOLDER + "hub_" + language + ".properties")) {
        texts.put(language, in == null ? Map.of() : Map.copyOf(read(in)));
      } catch (IOException e) {
        throw new UncheckedIOException("the hub's " + language + " texts do not load", e);
      }
    }
    return Map.copyOf(texts);
  }
}
