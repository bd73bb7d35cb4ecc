package org.imihub.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.imihub.client.Envelopes;
import org.imihub.client.HubClient;
import org.imihub.client.HubProblemException;
import org.imihub.client.VerifiedDelivery;
import org.imihub.contract.hub.v1.Receipt;
import org.imihub.contract.signature.SigningIdentity;
import org.junit.jupiter.api.Test;

/**
 * The hub as it ships, killed (SIGKILL) while several back offices send to it, right after its last
 * receipt was counted, then started again on the same data: every message it gave a receipt for is
 * delivered, once. A receipt is the hub's signed word that it holds the message, so no crash may
 * take one back. The senders still waiting when it dies got no receipt; their messages may or may
 * not have been kept, and either is right.
 */
class HardKillIT {
  private static final Path CONFIG = Path.of("../config").toAbsolutePath().normalize();
  private static final Path PKI = CONFIG.resolve("demo-pki");
  private static final int SENDERS = 4;

  /**
   * Receipts before the kill: under the mailbox's 100 entries per listing, with the senders' own.
   */
  private static final int RECEIPTS = 80;

  @Test
  void everyMessageWithAReceiptOutlivesAKill() throws Exception {
    Path dataDir =
        Files.createTempDirectory(Path.of("target"), "hard-kill-").toAbsolutePath().resolve("data");
    Set<String> receipted = ConcurrentHashMap.newKeySet();
    Set<String> sent = ConcurrentHashMap.newKeySet();
    HubProcess hub = start(dataDir);
    ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
    try {
      HubClient hu = client("HU-EEKH", hub);
      CountDownLatch enough = new CountDownLatch(RECEIPTS);
      for (int i = 0; i < SENDERS; i++) {
        senders.execute(
            () -> {
              while (enough.getCount() > 0) {
                Envelopes request =
                    Envelopes.request("HU-EEKH", "FR-CNOM").questions("PQ-DIPLOMA-GENUINE");
                sent.add(request.messageId());
                try {
                  Receipt receipt = hu.submit(request.signedBy(hu.signer()));
                  receipted.add(receipt.getMessageId());
                  enough.countDown();
                } catch (RuntimeException hubGone) {
                  return; // killed while this message was on its way: no receipt, no promise
                }
              }
            });
      }
      assertThat(enough.await(2, TimeUnit.MINUTES)).as("receipts before the kill").isTrue();
    } finally {
      hub.kill();
      senders.shutdown();
      assertThat(senders.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
      // Kept beside the restarted hub's log, for whoever reads a failure.
      Files.move(dataDir.resolveSibling("hub.log"), dataDir.resolveSibling("hub-killed.log"));
    }

    try (HubProcess restarted = start(dataDir)) {
      HubClient fr = client("FR-CNOM", restarted);
      for (String messageId : receipted) {
        VerifiedDelivery delivery = awaitDelivery(fr, messageId + "~FR-CNOM");
        assertThat(delivery.envelope().getHeader().getMessageId()).isEqualTo(messageId);
      }
      List<String> inMailbox = fr.mailbox().stream().map(entry -> entry.getDeliveryId()).toList();
      assertThat(inMailbox).as("each delivered once").doesNotHaveDuplicates();
      assertThat(inMailbox)
          .as("only what was sent")
          .allSatisfy(id -> assertThat(sent).contains(id.substring(0, id.indexOf('~'))));
      assertThat(inMailbox.size()).isBetween(receipted.size(), receipted.size() + SENDERS);
    }
  }

  private static HubProcess start(Path dataDir) throws Exception {
    return HubProcess.start(
        Path.of("../hub-app/target/imi-hub.jar"),
        new HubProcess.Jvm(HubProcess.Jvm.thisJava(), List.of(), "512m"),
        CONFIG,
        CONFIG.resolve("demo-directory.yml"),
        dataDir,
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
