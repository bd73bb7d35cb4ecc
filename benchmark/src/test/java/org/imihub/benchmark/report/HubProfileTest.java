package org.imihub.benchmark.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The profile's CPU by kind of thread, from a real recording of this JVM. */
class HubProfileTest {
  @TempDir Path dir;

  @Test
  void aBusyThreadHasTheCpuShareOfItsKindAndAnIdleOneNone() throws Exception {
    Path recording = dir.resolve("hub.jfr");
    Instant from = Instant.now();
    try (Recording jfr = new Recording()) {
      jfr.enable("jdk.ThreadCPULoad").withPeriod(Duration.ofMillis(100));
      jfr.start();
      Thread writer = new Thread(HubProfileTest::spinForHalfASecond, "database-writer-1");
      Thread idleConsumer =
          new Thread(() -> waitFor(writer), "Camel thread #1 - JmsConsumer[hub.delivery]");
      writer.start();
      idleConsumer.start();
      writer.join();
      idleConsumer.join();
      jfr.stop();
      jfr.dump(recording);
    }
    Path markdown = dir.resolve("profile.md");

    String profile =
        HubProfile.write(
            recording,
            List.of(new HubProfile.Window("a stage", from, Instant.now().plusSeconds(1))),
            markdown);

    assertThat(markdown).content().isEqualTo(profile);
    Map<String, Double> cpu = cpuShares(profile);
    assertThat(
            cpu.get(
                "database writers (the units of work of all the API requests and consumers,"
                    + " committed together)"))
        .as("the busy thread's kind")
        .isGreaterThan(50);
    assertThat(cpu.getOrDefault("delivery consumers", 0.0))
        .as("the waiting thread's kind")
        .isLessThan(5);
    assertThat(cpu.values().stream().mapToDouble(Double::doubleValue).sum())
        .isCloseTo(100, within(0.5));
  }

  /** The first table of the profile's only stage: share of the CPU by kind of thread. */
  private static Map<String, Double> cpuShares(String profile) {
    String table = profile.substring(profile.indexOf("| hub threads |"));
    Map<String, Double> shares = new HashMap<>();
    table
        .substring(0, table.indexOf("\n\n"))
        .lines()
        .skip(2)
        .forEach(
            row -> {
              String[] cells = row.split("\\|");
              shares.put(cells[1].strip(), Double.parseDouble(cells[2].strip().replace("%", "")));
            });
    return shares;
  }

  private static void spinForHalfASecond() {
    long end = System.nanoTime() + 500_000_000L;
    long spins = 0;
    while (System.nanoTime() < end) {
      spins++;
    }
    assertThat(spins).isPositive();
  }

  private static void waitFor(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
