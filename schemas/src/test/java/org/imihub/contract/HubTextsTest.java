package org.imihub.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The hub's texts are complete in every language it speaks: the build fails when a key lacks a
 * translation, when a file has a key English does not, or when a sentence was left in English.
 */
class HubTextsTest {
  static final List<String> LANGUAGES = Languages.ALL;

  @ParameterizedTest(name = "{0}")
  @FieldSource("LANGUAGES")
  void everyKeyIsTranslated(String language) {
    Map<String, String> english = HubTexts.all("en");
    Map<String, String> texts = HubTexts.all(language);
    assertThat(texts).as("hub_%s.properties", language).isNotEmpty();
    assertThat(texts.keySet())
        .as("keys of hub_%s.properties", language)
        .isEqualTo(english.keySet());
    List<String> problems = new ArrayList<>();
    texts.forEach(
        (key, text) -> {
          if (text.isBlank()) {
            problems.add(key + " is empty");
          } else if (!language.equals("en")
              && text.equals(english.get(key))
              && text.split("\\s+").length > 2) {
            problems.add(key + " is still English");
          }
        });
    assertThat(problems).as("hub_%s.properties", language).isEmpty();
  }

  @Test
  void everyErrorCodeHasItsSentence() {
    for (ErrorCode code : ErrorCode.values()) {
      assertThat(HubTexts.all("en")).containsKey("error." + code.name());
      assertThat(code.sentence()).isNotBlank().doesNotStartWith("error.");
    }
    assertThat(ErrorCode.SIGNER_UNKNOWN.sentence("de"))
        .isNotEqualTo(ErrorCode.SIGNER_UNKNOWN.sentence());
  }

  @Test
  void theCodesNamingTheSameLanguageAreRead() {
    assertThat(Languages.known("FR")).hasValue("fr");
    assertThat(Languages.known("no")).hasValue("nb");
    assertThat(Languages.known("nn")).hasValue("nb");
    assertThat(Languages.known("xx")).isEmpty();
    assertThat(Languages.known(null)).isEmpty();
    assertThat(Languages.ALL).hasSize(26).doesNotHaveDuplicates();
  }

  @Test
  void anUnknownLanguageIsRefusedWithItsCode() {
    assertThatThrownBy(() -> Languages.require("xx", "The lang parameter"))
        .isInstanceOfSatisfying(
            HubException.class,
            refused -> {
              assertThat(refused.code()).isEqualTo(ErrorCode.LANGUAGE_UNKNOWN);
              assertThat(refused.detail()).contains("\"xx\"").contains("nb");
            });
  }

  @Test
  void acceptLanguageFallsBackInOrder() {
    assertThat(Languages.negotiate("fr-BE, de;q=0.8")).isEqualTo("fr");
    assertThat(Languages.negotiate("zh-CN, de;q=0.8, fr;q=0.5")).isEqualTo("de");
    assertThat(Languages.negotiate("nn-NO")).isEqualTo("nb");
    assertThat(Languages.negotiate("zh, ja")).isEqualTo("en");
    assertThat(Languages.negotiate("de;q=0, fr;q=0.1")).isEqualTo("fr");
    assertThat(Languages.negotiate(null)).isEqualTo("en");
    assertThat(Languages.negotiate(";;;=garbage")).isEqualTo("en");
  }
}
