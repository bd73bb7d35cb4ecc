package org.imihub.connectors.translation;

import static org.assertj.core.api.Assertions.assertThat;

import org.imihub.routes.translation.MachineTranslation;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Which adapter the configuration makes, and how a bad setting stops the start. */
class TranslationConfigurationTest {
  private final ApplicationContextRunner context =
      new ApplicationContextRunner().withUserConfiguration(TranslationConfiguration.class);

  /** By default no machine translation at all. */
  @Test
  void noEngineByDefault() {
    context.run(
        started -> {
          assertThat(started).hasNotFailed();
          assertThat(started).doesNotHaveBean(MachineTranslation.class);
          assertThat(started).doesNotHaveBean(ETranslationCallbacks.class);
        });
    context
        .withPropertyValues("hub.translation.engine=none")
        .run(started -> assertThat(started).doesNotHaveBean(MachineTranslation.class));
  }

  /** engine: libretranslate makes exactly the LibreTranslate adapter. */
  @Test
  void libreTranslate() {
    context
        .withPropertyValues(
            "hub.translation.engine=libretranslate",
            "hub.translation.libretranslate.url=http://libretranslate:5000")
        .run(
            started -> {
              assertThat(started).hasSingleBean(MachineTranslation.class);
              assertThat(started.getBean(MachineTranslation.class).engine())
                  .isEqualTo("libretranslate");
            });
  }

  /** engine: etranslation makes the adapter and its callback server, started with the context. */
  @Test
  void eTranslation() {
    context
        .withPropertyValues(
            "hub.translation.engine=ETRANSLATION",
            "hub.translation.etranslation.url=https://webgate.example.eu/etranslation/si-translate",
            "hub.translation.etranslation.application=imi-hub",
            "hub.translation.etranslation.username=hub-operator",
            "hub.translation.etranslation.password=secret",
            "hub.translation.etranslation.callback-base-url=https://hub.example.eu/etranslation",
            "hub.translation.etranslation.callback-address=127.0.0.1",
            "hub.translation.etranslation.callback-port=0")
        .run(
            started -> {
              assertThat(started).hasSingleBean(MachineTranslation.class);
              assertThat(started.getBean(MachineTranslation.class).engine())
                  .isEqualTo("etranslation");
              ETranslationCallbacks callbacks = started.getBean(ETranslationCallbacks.class);
              assertThat(callbacks.isRunning()).isTrue();
              assertThat(callbacks.port()).isPositive();
            });
  }

  /** A chosen engine without its address: the start fails, naming the property. */
  @Test
  void aMissingUrlStopsTheStart() {
    context
        .withPropertyValues("hub.translation.engine=libretranslate")
        .run(
            started ->
                assertThat(started)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("hub.translation.libretranslate.url")
                    .hasMessageContaining("hub.translation.engine is libretranslate, which needs"));
  }

  /** A malformed address: the start fails, naming the property. */
  @Test
  void aMalformedUrlStopsTheStart() {
    context
        .withPropertyValues(
            "hub.translation.engine=libretranslate",
            "hub.translation.libretranslate.url=libretranslate:5000")
        .run(
            started ->
                assertThat(started)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("hub.translation.libretranslate.url")
                    .hasMessageContaining("http:// or https://"));
  }

  /** eTranslation without its password: the start fails, naming the property. */
  @Test
  void aMissingPasswordStopsTheStart() {
    context
        .withPropertyValues(
            "hub.translation.engine=etranslation",
            "hub.translation.etranslation.url=https://webgate.example.eu/etranslation/si-translate",
            "hub.translation.etranslation.application=imi-hub",
            "hub.translation.etranslation.username=hub-operator",
            "hub.translation.etranslation.callback-base-url=https://hub.example.eu/etranslation",
            "hub.translation.etranslation.callback-port=0")
        .run(
            started ->
                assertThat(started)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("hub.translation.etranslation.password"));
  }
}
