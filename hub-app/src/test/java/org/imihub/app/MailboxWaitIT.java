package org.imihub.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.imihub.app.support.HubIT;
import org.imihub.client.Envelopes;
import org.imihub.client.HubClient;
import org.imihub.connectors.mailbox.MailboxWaiters;
import org.imihub.contract.hub.v1.Mailbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Long polling on the mailbox: a back office that lists its empty mailbox with a wait gets its
 * delivery as soon as the hub has put it there, without asking again; nothing arriving, the empty
 * list when the wait is over.
 */
class MailboxWaitIT extends HubIT {
  @Autowired MailboxWaiters waiters;

  private HubClient dk;

  @BeforeEach
  void emptyMailbox() {
    dk = client("DK-STPS");
    for (List<Mailbox.Entry> entries = dk.mailbox(); !entries.isEmpty(); entries = dk.mailbox()) {
      entries.forEach(entry -> dk.acknowledge(dk.fetch(entry.getDeliveryId())));
    }
  }

  @Test
  void aWaitingCallIsAnsweredAsSoonAsTheDeliveryArrives() {
    int before = waiters.waitingCalls();
    // Waits up to a minute: answered within the few seconds awaited below, it was woken.
    CompletableFuture<List<Mailbox.Entry>> waiting =
        CompletableFuture.supplyAsync(() -> dk.mailbox(Duration.ofSeconds(60)));
    await().atMost(Duration.ofSeconds(10)).until(() -> waiters.waitingCalls() == before + 1);

    HubClient hu = client("HU-EEKH");
    Envelopes request = Envelopes.request("HU-EEKH", "DK-STPS");
    hu.submit(request.signedBy(hu.signer()));

    List<Mailbox.Entry> entries =
        await()
            .atMost(Duration.ofSeconds(15))
            .until(() -> waiting.getNow(null), found -> found != null);
    assertThat(entries)
        .extracting(Mailbox.Entry::getDeliveryId)
        .containsExactly(request.messageId() + "~DK-STPS");
    assertThat(waiters.waitingCalls()).isEqualTo(before);
    dk.acknowledge(dk.fetch(entries.get(0).getDeliveryId()));
  }

  @Test
  void nothingArrivingTheWaitEndsWithTheEmptyList() {
    assertThat(dk.mailbox(Duration.ofSeconds(1))).isEmpty();
    // The command-line client too.
    assertThat(cli("DK-STPS", "mailbox", "--wait", "1")).isZero();
  }

  @Test
  void aMailboxHoldingDeliveriesAnswersAtOnce() {
    HubClient hu = client("HU-EEKH");
    Envelopes request = Envelopes.request("HU-EEKH", "DK-STPS");
    hu.submit(request.signedBy(hu.signer()));
    awaitInMailbox("DK-STPS", request.messageId());

    CompletableFuture<List<Mailbox.Entry>> listing =
        CompletableFuture.supplyAsync(() -> dk.mailbox(Duration.ofSeconds(60)));
    assertThat(
            await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> listing.getNow(null), f -> f != null))
        .hasSize(1);
  }

  @Test
  void theWaitIsInTheApiDescription() {
    String openApi = new String(dk.getRaw("/api/v1/openapi").body());
    assertThat(openApi)
        .contains(
            "Seconds to wait on an empty mailbox, 0 to 60 (long polling)\",\"required\":false",
            "\"name\":\"limit\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "61", "soon"})
  void aWaitOutOfRangeIsRefused(String wait) {
    var response = dk.getRaw("/api/v1/mailbox?wait=" + wait);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(HubClient.problem(response).code()).isEqualTo("REQUEST_INVALID");
  }
}
