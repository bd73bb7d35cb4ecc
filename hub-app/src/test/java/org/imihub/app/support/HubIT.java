package org.imihub.app.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.imihub.app.HubApplication;
import org.imihub.client.HubClient;
import org.imihub.routes.directory.ConnectorType;
import org.imihub.routes.directory.Directory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests that run the whole hub: embedded Artemis with its journal and H2 on
 * disk in a fresh folder, HTTPS with client certificates on a random port, the demo directory and
 * keys. Classes that share this configuration share one running hub.
 */
@SpringBootTest(
    classes = HubApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"hub.config-dir=../config", "management.server.port=0"})
public abstract class HubIT {
  static {
    TestBroker.useShortRedelivery();
  }

  private static final Path DATA_DIR = newDataDir();

  @LocalServerPort protected int port;

  @Autowired protected Directory directory;

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("hub.data-dir", DATA_DIR::toString);
  }

  /** Switches how an authority takes its deliveries (the directory is the running hub's). */
  protected void connect(String authorityId, ConnectorType type, URI endpoint) {
    directory.register(
        directory.find(authorityId).orElseThrow().withConnector(type, endpoint), List.of());
  }

  protected HubClient client(String authorityId) {
    return DemoPki.client(authorityId, port);
  }

  public static Path newDataDir() {
    try {
      return Files.createTempDirectory("imi-hub-it-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
