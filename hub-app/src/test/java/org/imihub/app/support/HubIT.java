package org.imihub.app.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.awaitility.Awaitility;
import org.imihub.app.HubApplication;
import org.imihub.client.HubClient;
import org.imihub.client.HubProblemException;
import org.imihub.client.VerifiedDelivery;
import org.imihub.client.cli.ImiHubCli;
import org.imihub.contract.hub.v1.Mailbox;
import org.imihub.routes.directory.ConnectorType;
import org.imihub.routes.directory.Directory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests that run the whole hub: embedded Artemis with its journal and H2 on
 * disk in a fresh folder, HTTPS with client certificates on a random port, the demo directory and
 * keys. Classes that share this configuration share one running hub.
 */
// Metrics as in production: the Prometheus endpoint is part of what operators use.
@AutoConfigureObservability(tracing = false)
@SpringBootTest(
    classes = HubApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "hub.config-dir=../config",
      "management.server.port=0",
      "hub.delivery.health-check-interval=0s"
    })
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

  /**
   * Waits until {@code messageId} is in {@code authorityId}'s mailbox, and fetches it. By its
   * delivery id, not by listing: a shared test hub's mailboxes hold more than a page.
   */
  protected VerifiedDelivery awaitInMailbox(String authorityId, String messageId) {
    return awaitInMailbox(client(authorityId), messageId + "~" + authorityId);
  }

  /** Waits until the delivery with this id is in {@code client}'s mailbox, and fetches it. */
  public static VerifiedDelivery awaitInMailbox(HubClient client, String deliveryId) {
    return Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptionsInstanceOf(HubProblemException.class)
        .until(() -> client.fetch(deliveryId), delivery -> delivery != null);
  }

  /**
   * Waits until a message of {@code messageType} in {@code exchangeId} is in {@code client}'s
   * mailbox (a notice, a translation that follows: their ids are the hub's), and fetches it.
   */
  public static VerifiedDelivery awaitInMailbox(
      HubClient client, String exchangeId, String messageType) {
    Mailbox.Entry entry =
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    client.mailbox().stream()
                        .filter(
                            e ->
                                e.getExchangeId().equals(exchangeId)
                                    && e.getMessageType().equals(messageType))
                        .findFirst()
                        .orElse(null),
                found -> found != null);
    return client.fetch(entry.getDeliveryId());
  }

  protected HubClient client(String authorityId) {
    return DemoPki.client(authorityId, port);
  }

  /** Runs the command-line client as {@code authorityId} against this hub; its exit code. */
  protected int cli(String authorityId, String... command) {
    String[] common = {
      "--as", authorityId, "--hub", "https://localhost:" + port, "--pki", "../config/demo-pki"
    };
    String[] args = Arrays.copyOf(common, common.length + command.length);
    System.arraycopy(command, 0, args, common.length, command.length);
    return ImiHubCli.run(args);
  }

  public static Path newDataDir() {
    try {
      return Files.createTempDirectory("imi-hub-it-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
