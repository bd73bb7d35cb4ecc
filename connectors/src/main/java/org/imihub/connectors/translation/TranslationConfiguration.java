package org.imihub.connectors.translation;

import org.imihub.connectors.translation.TranslationProperties.ETranslationSettings;
import org.imihub.connectors.translation.TranslationProperties.Engine;
import org.imihub.routes.translation.MachineTranslation;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The one {@link MachineTranslation} that {@code hub.translation.engine} names, or none ({@code
 * none}, the default): the rest of the hub takes it as an {@code Optional} or {@code
 * ObjectProvider}. A chosen engine with a missing or malformed setting stops the start, naming the
 * property.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TranslationProperties.class)
public class TranslationConfiguration {

  /** How many translations may wait for eTranslation's callback at once. */
  static final int MAX_PENDING_ETRANSLATIONS = 10_000;

  @Configuration(proxyBeanMethods = false)
  @Conditional(LibreTranslateChosen.class)
  static class LibreTranslateEngine {
    @Bean
    LibreTranslate libreTranslate(TranslationProperties properties) {
      return new LibreTranslate(
          properties.libretranslate().baseUrl(),
          properties.libretranslate().apiKey(),
          properties.checkedTimeout());
    }
  }

  @Configuration(proxyBeanMethods = false)
  @Conditional(ETranslationChosen.class)
  static class ETranslationEngine {
    @Bean
    ETranslationCallbacks eTranslationCallbacks(TranslationProperties properties) {
      ETranslationSettings settings = properties.etranslation();
      return new ETranslationCallbacks(
          settings.callbackAddress(),
          settings.checkedCallbackPort(),
          settings.checkedMaxWait(),
          MAX_PENDING_ETRANSLATIONS);
    }

    @Bean
    ETranslation eTranslation(TranslationProperties properties, ETranslationCallbacks callbacks) {
      return new ETranslation(properties.etranslation(), properties.checkedTimeout(), callbacks);
    }
  }

  /**
   * Matches when {@code hub.translation.engine} binds to the given engine, so the choice is read
   * exactly as {@link TranslationProperties} reads it ({@code etranslation}, {@code ETRANSLATION},
   * ...).
   */
  abstract static class EngineChosen implements Condition {
    private final Engine engine;

    EngineChosen(Engine engine) {
      this.engine = engine;
    }

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return Binder.get(context.getEnvironment())
          .bind("hub.translation.engine", Engine.class)
          .map(engine::equals)
          .orElse(false);
    }
  }

  static final class LibreTranslateChosen extends EngineChosen {
    LibreTranslateChosen() {
      super(Engine.LIBRETRANSLATE);
    }
  }

  static final class ETranslationChosen extends EngineChosen {
    ETranslationChosen() {
      super(Engine.ETRANSLATION);
    }
  }
}
