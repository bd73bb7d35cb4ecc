package org.imihub.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.imihub.benchmark.report.Results;
import org.junit.jupiter.api.Test;

/**
 * Runs the whole benchmark for a few seconds per part against the hub jar the build just made, so
 * that it cannot rot: every scenario runs, nothing is lost, duplicated or refused, and the report
 * is written. Its timings are not looked at (they mean nothing on a shared, cold machine).
 */
class BenchmarkSmokeIT {
  @Test
  void everyScenarioRunsWithoutErrorLossOrDuplicate() throws IOException {
    Path out = Files.createTempDirectory(Path.of("target"), "benchmark-smoke-").toAbsolutePath();
    Results results =
        new Benchmark(
                Options.parse(
                    "--smoke", "--profile", "--repository", "..", "--out", out.toString()))
            .run();

    assertThat(results.machine().hubHeapLimit())
        .as("the hub runs with the JVM options it ships with, as bin/imi-hub starts it")
        .contains(Benchmark.jvmOptions(Path.of("../config", Benchmark.JVM_OPTIONS)));
    assertThat(results.bounds().chainPerSecond()).isPositive();
    assertThat(results.bounds().artemisPerSecond()).isPositive();
    assertThat(results.stages())
        .extracting(Results.Stage::name)
        .contains(
            "fixed 20/s",
            "saturation",
            "slow back office: DE-BAEK",
            "slow back office: the others",
            "back office down: DE-BAEK",
            "back office down: the others",
            "large message");
    assertThat(results.stages())
        .allSatisfy(
            stage -> {
              assertThat(stage.messages()).as(stage.name()).isPositive();
              assertThat(stage.latency().count()).as(stage.name()).isEqualTo(stage.messages());
            });
    assertThat(results.stages())
        .filteredOn(stage -> stage.name().equals("slow back office: DE-BAEK"))
        .singleElement()
        .satisfies(
            slow ->
                assertThat(slow.webhookCallMillis())
                    .as("the hub's own timing of its webhook calls, a 500 ms one among them")
                    .isPositive());
    assertThat(results.fanOuts())
        .singleElement()
        .satisfies(f -> assertThat(f.recipients()).isEqualTo(10));
    // The warm-up's fan-out, the run's first stage, waited for its deliveries like any other.
    assertThat(results.notes())
        .anySatisfy(
            note -> assertThat(note).startsWith("Warm-up fan-out to 10,").contains(" 0 lost;"));
    assertThat(results.strayDeliveries()).as("deliveries nobody sent").isZero();
    assertThat(results.refusedDeliveries()).as("deliveries a back office refused").isZero();
    assertThat(Benchmark.flawless(results)).as("no error, loss or duplicate").isTrue();

    assertThat(out.resolve("results.json")).content().contains("\"chainPerSecond\"");
    assertThat(out.resolve("report.md")).content().contains("| saturation |");
    assertThat(ImageIO.read(out.resolve("latency.png").toFile()).getWidth()).isPositive();
    // The hub's own recording, split by stage: the CPU of its threads by kind, and samples that
    // found the work in the libraries it is made of.
    assertThat(out.resolve("profile.md"))
        .content()
        .contains(
            "## saturation\n",
            "| API requests |",
            "| API requests by channel (their CPU, split as their samples) |",
            "| API requests: REST submissions |",
            "| API requests: SOAP submissions (WS-Security included) |",
            "| H2 database |");
  }

  @Test
  void refusesToWriteOverAnEarlierRun() throws IOException {
    Path out = Files.createTempDirectory(Path.of("target"), "benchmark-earlier-");
    Files.writeString(out.resolve("results.json"), "{}");

    assertThatThrownBy(
            () -> new Benchmark(Options.parse("--repository", "..", "--out", out.toString())).run())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already holds a run's results");
    assertThat(out.resolve("results.json")).hasContent("{}");
  }

  @Test
  void refusesUnknownOptions() {
    assertThatThrownBy(() -> Options.parse("--hub-java", "/no/such/jdk/bin/java"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/no/such/jdk/bin/java is not an executable file");
    assertThatThrownBy(() -> Options.parse("--loads", "50", "--fast"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unknown argument --fast");
    assertThatThrownBy(() -> Options.parse("--loads", "50,fifty"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("\"fifty\" is not a whole number of 0 or more.");
    assertThatThrownBy(() -> Options.parse("--stage-seconds", "-5"))
        .hasMessage("\"-5\" is not a whole number of 0 or more.");
  }
}
