package org.imihub.routes.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.junit.jupiter.api.Test;

/** A new message waits while the backlog is over the limit, and is refused if it stays over. */
class AdmissionTest {
  @Test
  void underTheLimitAMessageGoesOnAtOnce() {
    AtomicLong looks = new AtomicLong();
    Admission admission =
        new Admission(
            () -> {
              looks.incrementAndGet();
              return 10;
            },
            1000,
            Duration.ofSeconds(10));
    admission.awaitRoom(null);
    assertThat(looks).hasValue(1);
  }

  @Test
  void overTheLimitAMessageWaitsUntilThereIsRoom() {
    // The deliveries drain the backlog while the message waits.
    AtomicLong backlog = new AtomicLong(1010);
    Admission admission = new Admission(backlog::getAndDecrement, 1000, Duration.ofSeconds(10));
    admission.awaitRoom(null);
    assertThat(backlog.get()).isLessThan(1000);
  }

  @Test
  void aBacklogThatStaysOverTheLimitRefusesTheMessage() {
    Admission admission = new Admission(() -> 5000, 1000, Duration.ofMillis(50));
    assertThatThrownBy(() -> admission.awaitRoom(null))
        .isInstanceOfSatisfying(
            HubException.class,
            refused -> {
              assertThat(refused.code()).isEqualTo(ErrorCode.HUB_UNAVAILABLE);
              assertThat(refused.detail()).contains("5000 deliveries wait");
            });
  }

  @Test
  void withoutALimitNothingIsAsked() {
    Admission admission =
        new Admission(
            () -> {
              throw new AssertionError("asked");
            },
            0,
            Duration.ofSeconds(10));
    admission.awaitRoom(null);
  }
}
