package org.imihub.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.imihub.app.support.HubIT;
import org.imihub.client.Envelopes;
import org.imihub.client.HubClient;
import org.imihub.client.HubProblemException;
import org.imihub.contract.hub.v1.Receipt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Submissions that arrive together share the database writer's commits (architecture.md,
 * "Persistence"): copies of one message and rival requests for one new exchange are still told
 * apart one by one, and none leaves anything half-stored.
 */
class ConcurrentSubmissionsIT extends HubIT {
  private static final int AT_ONCE = 8;

  @Autowired JdbcTemplate jdbc;
  private final ExecutorService senders = Executors.newFixedThreadPool(AT_ONCE);

  @AfterEach
  void stopSenders() {
    senders.shutdownNow();
  }

  // Eight copies of one message at the same moment: one is accepted, the others are answered as
  // resends with the same receipt; one message, one delivery, one ACCEPTED and seven DUPLICATE
  // audit lines.
  @Test
  void copiesOfOneMessageAtOnceAreRecordedOnce() {
    HubClient hu = client("HU-EEKH");
    Envelopes request = Envelopes.request("HU-EEKH", "DK-STPS");
    byte[] signed = request.signedBy(hu.signer());

    List<Object> answers = atOnce(() -> hu.submit(signed));

    assertThat(answers).allSatisfy(answer -> assertThat(answer).isInstanceOf(Receipt.class));
    assertThat(answers.stream().map(answer -> ((Receipt) answer).getReceivedAt()).distinct())
        .hasSize(1);
    assertThat(count("select count(*) from message where id = ?", request.messageId()))
        .isEqualTo(1);
    assertThat(count("select count(*) from delivery where message_id = ?", request.messageId()))
        .isEqualTo(1);
    assertThat(
            jdbc.queryForList(
                "select outcome from audit_event where action = 'SUBMIT' and subject = ?",
                String.class,
                request.messageId()))
        .containsExactlyInAnyOrder(
            "ACCEPTED",
            "DUPLICATE",
            "DUPLICATE",
            "DUPLICATE",
            "DUPLICATE",
            "DUPLICATE",
            "DUPLICATE",
            "DUPLICATE");
    assertThat(awaitInMailbox("DK-STPS", request.messageId()).envelope().getHeader().getMessageId())
        .isEqualTo(request.messageId());
  }

  // Eight different requests that all open the same new exchange at the same moment: one opens it,
  // the seven others are refused as EXCHANGE_CONFLICT and leave nothing behind.
  @Test
  void rivalRequestsForOneNewExchangeOpenItOnce() {
    HubClient hu = client("HU-EEKH");
    String exchangeId = "rival-" + System.nanoTime();
    List<byte[]> rivals = new ArrayList<>();
    List<String> messageIds = new ArrayList<>();
    for (int i = 0; i < AT_ONCE; i++) {
      Envelopes request = Envelopes.request("HU-EEKH", "DK-STPS").exchangeId(exchangeId);
      rivals.add(request.signedBy(hu.signer()));
      messageIds.add(request.messageId());
    }
    List<Supplier<Object>> sends = new ArrayList<>();
    for (byte[] rival : rivals) {
      sends.add(() -> hu.submit(rival));
    }

    List<Object> answers = atOnce(sends);

    assertThat(answers).filteredOn(Receipt.class::isInstance).hasSize(1);
    assertThat(answers)
        .filteredOn(HubProblemException.class::isInstance)
        .hasSize(AT_ONCE - 1)
        .allSatisfy(
            refused ->
                assertThat(((HubProblemException) refused).code()).isEqualTo("EXCHANGE_CONFLICT"));
    assertThat(count("select count(*) from exchange where id = ?", exchangeId)).isEqualTo(1);
    assertThat(count("select count(*) from exchange_event where exchange_id = ?", exchangeId))
        .isEqualTo(1);
    for (int i = 0; i < AT_ONCE; i++) {
      String messageId = messageIds.get(i);
      int expected = answers.get(i) instanceof Receipt ? 1 : 0;
      assertThat(count("select count(*) from message where id = ?", messageId))
          .as("message %s", messageId)
          .isEqualTo(expected);
      assertThat(count("select count(*) from delivery where message_id = ?", messageId))
          .as("deliveries of %s", messageId)
          .isEqualTo(expected);
    }
  }

  private List<Object> atOnce(Supplier<Object> send) {
    List<Supplier<Object>> sends = new ArrayList<>();
    for (int i = 0; i < AT_ONCE; i++) {
      sends.add(send);
    }
    return atOnce(sends);
  }

  /** Each send on its own thread, all released together; the receipt or the refusal of each. */
  private List<Object> atOnce(List<Supplier<Object>> sends) {
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<Object>> answers = new ArrayList<>();
    for (Supplier<Object> send : sends) {
      answers.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  start.await();
                  return send.get();
                } catch (HubProblemException refused) {
                  return refused;
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              },
              senders));
    }
    start.countDown();
    return answers.stream().map(CompletableFuture::join).toList();
  }

  private int count(String sql, String id) {
    return jdbc.queryForObject(sql, Integer.class, id);
  }
}
