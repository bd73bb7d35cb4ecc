package org.imihub.routes.translation;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Every hub.delivery.translation-retry-period: asks again for machine translations still pending
 * (failed attempts, or lost with a restart) and sends the follow-ups that did not go out.
 */
@Component
public class TranslationRoute extends RouteBuilder {
  private final FreeTextTranslations translations;

  public TranslationRoute(FreeTextTranslations translations) {
    this.translations = translations;
  }

  @Override
  public void configure() {
    // spotless:off
    from("timer:translation-retry?period={{hub.delivery.translation-retry-period}}")
        .routeId("translation-retry")
        .process(exchange -> exchange.getMessage().setBody(translations.retry()))
        .id("retry-pending-translations");
    // spotless:on
  }
}
