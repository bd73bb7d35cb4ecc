package org.imihub.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The hub under test, as it ships: {@code java -jar imi-hub.jar} in its own JVM (with the options
 * of config/jvm.options, as bin/imi-hub starts it) and the default embedded set-up (Artemis journal
 * and H2 on disk, HTTPS with client certificates), from a copy of config/ with the benchmark's
 * directory. Its CPU, JIT and heap are read from its own Prometheus endpoint, as an operator's
 * monitoring would.
 */
final class HubProcess implements AutoCloseable {
  // DEMO credentials of the default run (config/application.yml).
  private static final String OPERATOR = "operator:demo-operator";

  private final Process process;
  private final Path log;
  private final int apiPort;
  private final int managementPort;
  private final HttpClient http = HttpClient.newHttpClient();
  private final int cores;
  private final List<Sample> samples = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

  /**
   * Every this often the hub's metrics are read, as an operator's scrape would. (Each read once
   * cost the hub a bcrypt check, 3% of its CPU at one a second; it now remembers a matched
   * password.)
   */
  static final Duration SAMPLE_INTERVAL = Duration.ofSeconds(5);

  /** The label Micrometer gives a collection of the old generation (the JVM's "major GC"). */
  private static final String FULL_GC = "action=\"end of major GC\"";

  /** The labels of the hub's timer of webhook calls that handed their delivery over. */
  private static final String HANDED_OVER_BY_WEBHOOK =
      "{connector=\"WEBHOOK\",outcome=\"handed_over\"}";

  /**
   * One reading of the hub's metrics.
   *
   * @param cpuSeconds the CPU time the hub has used since it started
   * @param jitMillis the part of it its JIT compiler took
   * @param commits the database commits of its writers so far, and the units of work they held
   * @param webhookCalls the webhook calls that handed a delivery over so far, and their time
   * @param gcPauseSeconds how long its garbage collector has stopped it so far, in all
   * @param fullCollections how many of those stops collected the old generation (a "major GC")
   */
  record Sample(
      long nanos,
      double cpuSeconds,
      long heapUsedBytes,
      long jitMillis,
      long databaseFileBytes,
      double databaseWrittenBytes,
      long commits,
      long committedUnits,
      long webhookCalls,
      double webhookCallSeconds,
      double gcPauseSeconds,
      long fullCollections,
      MachineTicks machine) {}

  /**
   * The whole machine's CPU time so far (Linux {@code /proc/stat}, in clock ticks): busy (anything
   * but idle, waiting for I/O or stolen by the hypervisor) and in all. Everything counts: the hub,
   * the benchmark, and a database server or anything else running beside them. Zero where there is
   * no /proc/stat.
   */
  record MachineTicks(long busy, long total) {
    static MachineTicks now() {
      try {
        String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < fields.length && i <= 8; i++) {
          total += Long.parseLong(fields[i]);
        }
        // idle, waiting for I/O, and stolen by the hypervisor for other machines
        long notBusy =
            Long.parseLong(fields[4]) + Long.parseLong(fields[5]) + Long.parseLong(fields[8]);
        return new MachineTicks(total - notBusy, total);
      } catch (IOException | RuntimeException notLinux) {
        return new MachineTicks(0, 0);
      }
    }
  }

  /**
   * What the hub used over a span of time, in percent of the whole machine (all cores = 100), and
   * its highest heap use; from the samples that bracket the span, so a short span is averaged over
   * at least one sample interval. {@code unitsPerCommit} is how many units of work (hand-offs,
   * deliveries, acknowledgements) the hub's database writers put into a commit, on average; {@code
   * databaseWrittenBytesPerSecond} what its embedded database wrote to its file (NaN: not an
   * embedded H2); {@code webhookCallMillis} how long, on average, a webhook call that handed its
   * delivery over took, the back office's whole answer included (NaN: none in the span); {@code
   * gcPausedMillisPerSecond} how long its garbage collector stopped it, per second of the span, and
   * {@code fullCollections} how many of those stops collected its old generation.
   */
  record Usage(
      double cpuPercent,
      double jitPercent,
      long heapMaxBytes,
      double machineCpuPercent,
      double unitsPerCommit,
      double databaseWrittenBytesPerSecond,
      double webhookCallMillis,
      double gcPausedMillisPerSecond,
      long fullCollections) {}

  /**
   * The JVM the hub runs on: the {@code java} command, its options, and the heap limit, which comes
   * after the options.
   */
  record Jvm(String java, List<String> options, String heapLimit) {
    /** The java command this process runs on. */
    static String thisJava() {
      return ProcessHandle.current().info().command().orElse("java");
    }

    /**
     * What {@code java -version} says first, e.g. {@code openjdk version "25.0.3" 2026-04-21}, or
     * the command itself if it cannot say.
     */
    static String version(String java) {
      try {
        Process process = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
        String said = new String(process.getInputStream().readAllBytes()).strip();
        process.waitFor();
        return said.lines().findFirst().orElse(java);
      } catch (IOException e) {
        return java;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return java;
      }
    }
  }

  /**
   * Starts the hub from {@code hubJar} on {@code jvm} with {@code configDir} (a copy of config/
   * holding the benchmark's directory file) and its data in {@code dataDir}, on the given CPUs (a
   * taskset list) or on all; returns once it is healthy.
   */
  static HubProcess start(
      Path hubJar,
      Jvm jvm,
      Path configDir,
      Path directoryFile,
      Path dataDir,
      String cpus,
      int machineCores)
      throws IOException {
    if (!Files.isRegularFile(hubJar)) {
      throw new IllegalStateException(
          "No hub jar at " + hubJar + ": build it first (./mvnw -q -DskipTests install).");
    }
    int apiPort = freePort();
    int managementPort = freePort();
    Path log = dataDir.resolveSibling("hub.log");
    List<String> command = new ArrayList<>();
    if (cpus != null) {
      command.addAll(List.of("taskset", "-c", cpus));
    }
    command.add(jvm.java());
    command.addAll(jvm.options());
    // Last, so that the benchmark's heap limit wins over one in config/jvm.options.
    command.add("-Xmx" + jvm.heapLimit());
    command.addAll(
        List.of(
            "-jar",
            hubJar.toAbsolutePath().toString(),
            "--hub.config-dir=" + configDir.toAbsolutePath(),
            "--hub.data-dir=" + dataDir.toAbsolutePath(),
            "--hub.directory-file=" + directoryFile.toAbsolutePath(),
            "--server.port=" + apiPort,
            "--management.server.port=" + managementPort));
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    HubProcess hub = new HubProcess(process, log, apiPort, managementPort, machineCores);
    hub.awaitHealthy(Duration.ofMinutes(3));
    hub.sampler.scheduleAtFixedRate(
        hub::sample, 0, SAMPLE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    return hub;
  }

  private HubProcess(Process process, Path log, int apiPort, int managementPort, int machineCores) {
    this.cores = machineCores;
    this.process = process;
    this.log = log;
    this.apiPort = apiPort;
    this.managementPort = managementPort;
  }

  URI api() {
    return URI.create("https://localhost:" + apiPort);
  }

  long pid() {
    return process.pid();
  }

  /**
   * What the hub used between two instants (System.nanoTime); waits for the first sample after
   * {@code toNanos}, at most two sample intervals.
   */
  Usage usage(long fromNanos, long toNanos) {
    long giveUp = System.nanoTime() + 2 * SAMPLE_INTERVAL.toNanos();
    while ((samples.isEmpty() || samples.get(samples.size() - 1).nanos() < toNanos)
        && System.nanoTime() < giveUp) {
      pause(Duration.ofMillis(100));
    }
    List<Sample> taken = List.copyOf(samples);
    Sample first = null;
    Sample last = null;
    long heapMax = 0;
    for (Sample sample : taken) {
      if (sample.nanos() <= fromNanos || first == null) {
        first = sample;
      }
      if (sample.nanos() >= fromNanos) {
        heapMax = Math.max(heapMax, sample.heapUsedBytes());
      }
      last = sample;
      if (sample.nanos() >= toNanos) {
        break;
      }
    }
    if (first == null || last == null || last.nanos() <= first.nanos()) {
      return new Usage(
          0, 0, heapMax, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
    }
    double machineMillis = (last.nanos() - first.nanos()) / 1e6 * cores;
    long machineTotal = last.machine().total() - first.machine().total();
    long commits = last.commits() - first.commits();
    long webhookCalls = last.webhookCalls() - first.webhookCalls();
    double seconds = (last.nanos() - first.nanos()) / 1e9;
    return new Usage(
        100 * (last.cpuSeconds() - first.cpuSeconds()) * 1000 / machineMillis,
        100 * (last.jitMillis() - first.jitMillis()) / machineMillis,
        heapMax,
        machineTotal > 0
            ? 100.0 * (last.machine().busy() - first.machine().busy()) / machineTotal
            : Double.NaN,
        commits > 0
            ? (double) (last.committedUnits() - first.committedUnits()) / commits
            : Double.NaN,
        (last.databaseWrittenBytes() - first.databaseWrittenBytes()) / seconds,
        webhookCalls > 0
            ? 1000 * (last.webhookCallSeconds() - first.webhookCallSeconds()) / webhookCalls
            : Double.NaN,
        1000 * (last.gcPauseSeconds() - first.gcPauseSeconds()) / seconds,
        last.fullCollections() - first.fullCollections());
  }

  /** The largest size of the hub's embedded database file in any sample so far (0: not known). */
  long databaseFileMaxBytes() {
    return List.copyOf(samples).stream().mapToLong(Sample::databaseFileBytes).max().orElse(0);
  }

  private void awaitHealthy(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "The hub stopped while starting (exit " + process.exitValue() + "):\n" + logTail());
      }
      try {
        if (get("/actuator/health").statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      pause(Duration.ofMillis(250));
    }
    throw new IllegalStateException(
        "The hub did not become healthy in " + timeout + ":\n" + logTail());
  }

  /**
   * Reads the hub's metrics now, besides every {@link #SAMPLE_INTERVAL}: read just before a stage
   * sends and just after its last delivery, they make the stage's figures its own, not those of the
   * seconds around it.
   */
  void readMetricsNow() {
    sample();
  }

  // One at a time, so that the samples stay in the order of their readings.
  private synchronized void sample() {
    try {
      HttpResponse<String> response = get("/actuator/prometheus");
      if (response.statusCode() != 200) {
        return;
      }
      samples.add(reading(response.body(), System.nanoTime(), MachineTicks.now()));
    } catch (IOException | RuntimeException e) {
      // A missed sample is only a gap in the CPU and heap figures.
    }
  }

  /** One reading of the hub's Prometheus text, taken at {@code nanos} (System.nanoTime). */
  static Sample reading(String prometheusText, long nanos, MachineTicks machine) {
    double cpuSeconds = 0;
    long heap = 0;
    long jit = 0;
    long databaseFile = 0;
    double databaseWritten = Double.NaN;
    long commits = 0;
    long committedUnits = 0;
    long webhookCalls = 0;
    double webhookCallSeconds = 0;
    double gcPauseSeconds = 0;
    long fullCollections = 0;
    for (String line : prometheusText.split("\n")) {
      if (line.startsWith("process_cpu_time_ns_total ")) {
        cpuSeconds = Double.parseDouble(value(line)) / 1e9;
      } else if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        heap += (long) Double.parseDouble(value(line));
      } else if (line.startsWith("jvm_compilation_time_ms_total")) {
        jit = (long) Double.parseDouble(value(line));
      } else if (line.startsWith("imihub_database_file_bytes ")) {
        databaseFile = (long) Double.parseDouble(value(line));
      } else if (line.startsWith("imihub_database_written_bytes_total ")) {
        databaseWritten = Double.parseDouble(value(line));
      } else if (line.startsWith("imihub_database_units_per_commit_count ")) {
        commits = (long) Double.parseDouble(value(line));
      } else if (line.startsWith("imihub_database_units_per_commit_sum ")) {
        committedUnits = (long) Double.parseDouble(value(line));
      } else if (line.startsWith("imihub_delivery_call_seconds_count" + HANDED_OVER_BY_WEBHOOK)) {
        webhookCalls = (long) Double.parseDouble(value(line));
      } else if (line.startsWith("imihub_delivery_call_seconds_sum" + HANDED_OVER_BY_WEBHOOK)) {
        webhookCallSeconds = Double.parseDouble(value(line));
      } else if (line.startsWith("jvm_gc_pause_seconds_sum{")) {
        gcPauseSeconds += Double.parseDouble(value(line));
      } else if (line.startsWith("jvm_gc_pause_seconds_count{") && line.contains(FULL_GC)) {
        fullCollections += (long) Double.parseDouble(value(line));
      }
    }
    return new Sample(
        nanos,
        cpuSeconds,
        heap,
        jit,
        databaseFile,
        databaseWritten,
        commits,
        committedUnits,
        webhookCalls,
        webhookCallSeconds,
        gcPauseSeconds,
        fullCollections,
        machine);
  }

  private static String value(String prometheusLine) {
    return prometheusLine.substring(prometheusLine.lastIndexOf(' ') + 1);
  }

  private HttpResponse<String> get(String path) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder().encodeToString(OPERATOR.getBytes(StandardCharsets.UTF_8)))
            .timeout(Duration.ofSeconds(10))
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** Whether a line of the hub's log so far holds {@code text}. */
  boolean logSays(String text) {
    try (Stream<String> lines = Files.lines(log)) {
      return lines.anyMatch(line -> line.contains(text));
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
  }

  String logTail() {
    try (Stream<String> lines = Files.lines(log)) {
      List<String> all = lines.toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Sleeps; an interruption ends the run. */
  static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * Kills the hub at once (SIGKILL), as a crash, the kernel's OOM killer or a container runtime out
   * of patience would: no shutdown hook, nothing flushed.
   */
  void kill() {
    sampler.shutdownNow();
    try {
      process.destroyForcibly().waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Stops the hub as an operator would (SIGTERM, graceful), forcibly only if it hangs. */
  @Override
  public void close() {
    sampler.shutdownNow();
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
