package org.imihub.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.imihub.client.Envelopes;
import org.imihub.client.HubClient;
import org.imihub.client.HubProblemException;
import org.imihub.client.VerifiedDelivery;
import org.imihub.contract.hub.v1.Receipt;
import org.imihub.contract.signature.SigningIdentity;
import org.junit.jupiter.api.Test;

/**
 * The hub as it ships, killed (SIGKILL) right after giving its last receipt, then started again on
 * the same data: every message it gave a receipt for is delivered, once. A receipt is the hub's
 * signed word that it holds the message, so no crash may take one back.
 */
class HardKillIT {
  private static final Path CONFIG = Path.of("../config").toAbsolutePath().normalize();
  private static final Path PKI = CONFIG.resolve("demo-pki");
  private static final int MESSAGES = 60;

  @Test
  void everyMessageWithAReceiptOutlivesAKill() throws Exception {
    Path dataDir =
        Files.createTempDirectory(Path.of("target"), "hard-kill-").toAbsolutePath().resolve("data");
    List<String> received = new ArrayList<>();
    HubProcess hub = start(dataDir);
    try {
      HubClient hu = client("HU-EEKH", hub);
      for (int i = 0; i < MESSAGES; i++) {
        Envelopes request = Envelopes.request("HU-EEKH", "FR-CNOM").questions("PQ-DIPLOMA-GENUINE");
        Receipt receipt = hu.submit(request.signedBy(hu.signer()));
        received.add(receipt.getMessageId());
      }
    } finally {
      hub.kill();
      // Kept beside the restarted hub's log, for whoever reads a failure.
      Files.move(dataDir.resolveSibling("hub.log"), dataDir.resolveSibling("hub-killed.log"));
    }

    try (HubProcess restarted = start(dataDir)) {
      HubClient fr = client("FR-CNOM", restarted);
      for (String messageId : received) {
        VerifiedDelivery delivery = awaitDelivery(fr, messageId + "~FR-CNOM");
        assertThat(delivery.envelope().getHeader().getMessageId()).isEqualTo(messageId);
      }
      assertThat(fr.mailbox()).as("each delivered once").hasSize(MESSAGES);
    }
  }

  private static HubProcess start(Path dataDir) throws Exception {
    return HubProcess.start(
        Path.of("../hub-app/target/imi-hub.jar"),
        CONFIG,
        CONFIG.resolve("demo-directory.yml"),
        dataDir,
        "512m",
        List.of(),
        null,
        Runtime.getRuntime().availableProcessors());
  }

  private static HubClient client(String authorityId, HubProcess hub) {
    return new HubClient(
        hub.api(),
        authorityId,
        SigningIdentity.fromPem(
            PKI.resolve(authorityId + ".key"), PKI.resolve(authorityId + ".crt")),
        SigningIdentity.readCertificates(PKI.resolve("ca.crt")),
        hubCertificate());
  }

  private static X509Certificate hubCertificate() {
    return SigningIdentity.readCertificates(PKI.resolve("hub-documents.crt")).get(0);
  }

  /** The delivery, once it is in the mailbox: the restarted hub delivers what it had queued. */
  private static VerifiedDelivery awaitDelivery(HubClient client, String deliveryId) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try {
        return client.fetch(deliveryId);
      } catch (HubProblemException notYet) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("delivery " + deliveryId + " never arrived", notYet);
        }
        HubProcess.pause(Duration.ofMillis(200));
      }
    }
  }
}
