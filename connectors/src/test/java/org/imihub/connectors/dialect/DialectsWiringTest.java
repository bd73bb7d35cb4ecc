package org.imihub.connectors.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imihub.connectors.dialect.DialectFixtures.EXAMPLE;
import static org.imihub.connectors.dialect.DialectFixtures.copyOfExample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.imihub.routes.HubProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * As a Spring bean: the folder comes from hub.dialects-dir, and a broken dialect stops the start.
 */
class DialectsWiringTest {
  private final ApplicationContextRunner context =
      new ApplicationContextRunner()
          .withBean(CamelContext.class, DefaultCamelContext::new)
          .withUserConfiguration(HubSettings.class, Dialects.class);

  /** The hub's settings, bound from the test's properties as in the running hub. */
  @EnableConfigurationProperties(HubProperties.class)
  static class HubSettings {}

  @Test
  void theFolderIsHubDialectsDir() {
    context
        .withPropertyValues("hub.dialects-dir=" + DialectFixtures.SHIPPED)
        .run(
            started ->
                assertThat(started.getBean(Dialects.class).names()).containsExactly(EXAMPLE));
  }

  @Test
  void aBrokenDialectStopsTheStartNamingTheFile(@TempDir Path dialects) throws IOException {
    Path broken = copyOfExample(dialects, "broken-v1");
    Files.delete(broken.resolve("dialect.xsd"));

    context
        .withPropertyValues("hub.dialects-dir=" + dialects)
        .run(
            failed ->
                assertThat(failed)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining(broken.resolve("dialect.xsd").toString()));
  }
}
