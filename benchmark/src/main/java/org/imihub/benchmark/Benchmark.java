package org.imihub.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.imihub.benchmark.bounds.ArtemisBound;
import org.imihub.benchmark.bounds.ChainBound;
import org.imihub.benchmark.report.HubProfile;
import org.imihub.benchmark.report.ReportWriter;
import org.imihub.benchmark.report.Results;
import org.imihub.benchmark.report.Results.Bounds;
import org.imihub.benchmark.report.Results.FanOut;
import org.imihub.benchmark.report.Results.Latency;
import org.imihub.benchmark.report.Results.Stage;
import org.imihub.client.Envelopes;
import org.imihub.client.Envelopes.Attachment;
import org.imihub.client.Envelopes.Audience;
import org.imihub.contract.signature.NativeCrypto;
import org.imihub.contract.signature.SigningIdentity;
import org.imihub.contract.signature.XmlSigner;
import org.imihub.routes.procedure.ProcedureCatalogue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark: measures this machine's bounds, starts the hub as it ships, and runs the scenarios
 * of docs/performance.md against it — one-to-one requests at fixed offered loads and at saturation,
 * alerts fanned out to many, a slow and a down back office among healthy ones, large messages —
 * then writes results.json, report.md and latency.png.
 */
public final class Benchmark {
  /** What the hub logs (config/application.yml) when its journal's timer spins. */
  static final String JOURNAL_TIMER_SPINS = "the Journal TimedBuffer will spin";

  private static final Logger log = LoggerFactory.getLogger(Benchmark.class);

  /** The demo authorities that send and receive; the first pull their mail, the others take it. */
  static final List<String> MAILBOX_AUTHORITIES = List.of("HU-EEKH", "FR-CNOM", "PT-OM", "EU-COM");

  static final List<String> WEBHOOK_AUTHORITIES = List.of("DE-BAEK", "NO-HDIR", "DK-STPS");
  static final List<String> AUTHORITIES =
      Stream.concat(MAILBOX_AUTHORITIES.stream(), WEBHOOK_AUTHORITIES.stream()).toList();

  /** The back office made slow, then down, while the others stay healthy. */
  static final String TROUBLED = "DE-BAEK";

  static final Duration SLOW_ANSWER = Duration.ofMillis(500);

  /** Warm-up goes on in rounds of this length until the hub's JIT takes less than this. */
  static final Duration WARM_UP_ROUND = Duration.ofSeconds(30);

  static final int SETTLED_JIT_PERCENT = 10;

  /** The machine's cores, read before --pin narrows what this process sees. */
  static final int CORES = Runtime.getRuntime().availableProcessors();

  /** Enough client threads that an offered rate is never held back by the clients. */
  static final int FIXED_RATE_CLIENTS = 256;

  static final int LARGE_MESSAGE_CLIENTS = 1;
  static final int ARTEMIS_PRODUCERS = 8;
  static final int ARTEMIS_CONSUMERS = 8;

  /** A stage stops waiting for deliveries when none has arrived for this long. */
  static final Duration QUIET_LIMIT = Duration.ofSeconds(30);

  static final List<String> EEA =
      List.of(
          "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU", "IE",
          "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "IS", "LI", "NO");

  // About the length of a real request's free text: a question with context.
  private static final String REQUEST_TEXT =
      "We have received an application for recognition of professional qualifications from a"
          + " doctor who states that she obtained her diploma of medicine in your Member State and"
          + " practised there until last year. Could you confirm that the attached diploma is"
          + " genuine, that it was awarded after training that meets the minimum requirements of"
          + " Article 24 of Directive 2005/36/EC, and whether the professional has been subject to"
          + " any disciplinary sanction or restriction of her right to practise?";

  /** The file of the hub's JVM options in config/ (bin/imi-hub reads the same). */
  static final String JVM_OPTIONS = "jvm.options";

  // The back offices sign and check with the same native provider the hub uses (the chain bound
  // is measured here, too).
  static {
    NativeCrypto.install();
  }

  private final Options options;
  private final BenchmarkPki pki;
  private final Tracker tracker = new Tracker();
  private final Map<String, XmlSigner> signers = new HashMap<>();
  private final Map<String, SigningIdentity> fanOutIdentities = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();
  private final List<HubProfile.Window> profileWindows = new ArrayList<>();
  private List<String> hubJvmOptions = List.of();
  private HubProcess hub;
  private LoadDriver driver;

  Benchmark(Options options) {
    this.options = options;
    this.pki = new BenchmarkPki(options.repository().resolve("config/demo-pki"));
    AUTHORITIES.forEach(id -> signers.put(id, new XmlSigner(pki.demo(id))));
  }

  public static void main(String[] args) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(List.of(args).contains("--help") ? 0 : 2);
      return;
    }
    Results results = new Benchmark(options).run();
    System.out.println(ReportWriter.markdown(results));
    System.out.println("Results in " + options.out());
    System.exit(flawless(results) ? 0 : 1);
  }

  /** No error, loss, duplicate, stray or refused delivery anywhere: what every run must show. */
  static boolean flawless(Results results) {
    return results.stages().stream().allMatch(s -> s.errors() + s.lost() + s.duplicated() == 0)
        && results.fanOuts().stream().allMatch(f -> f.lost() + f.duplicated() == 0)
        && results.strayDeliveries() == 0
        && results.refusedDeliveries() == 0;
  }

  Results run() {
    String startedAt = Instant.now().toString();
    try {
      refuseEarlierRun(options.out());
      Files.createDirectories(options.out());
      if (options.pin()) {
        pinThisProcess();
      }
      Bounds bounds = measureBounds();
      List<Stage> stages = new ArrayList<>();
      List<FanOut> fanOuts = new ArrayList<>();
      int strays;
      int refused;
      try (WebhookReceivers webhooks = new WebhookReceivers(pki, tracker, 32);
          MailboxReaders mailboxes = new MailboxReaders(tracker, 16)) {
        Path configDir = prepareConfig(webhooks);
        hubJvmOptions = hubJvmOptions(configDir);
        try (HubProcess started =
            HubProcess.start(
                options.hubJar(),
                new HubProcess.Jvm(
                    options.hubJava(), recordingIfProfiled(hubJvmOptions), options.hubHeap()),
                configDir,
                configDir.resolve("benchmark-directory.yml"),
                options.out().resolve("hub/data"),
                options.pin() ? cpuRange(0, hubCores()) : null,
                CORES)) {
          hub = started;
          try (LoadDriver loadDriver = new LoadDriver(tracker, pki, hub.api())) {
            driver = loadDriver;
            MAILBOX_AUTHORITIES.forEach(id -> mailboxes.start(driver.restClient(id)));
            runScenarios(webhooks, stages, fanOuts);
          } finally {
            mailboxes.close();
          }
          notes.add(databaseFileNote(started, options.out().resolve("hub/data/db/hub.mv.db")));
          if (started.logSays(JOURNAL_TIMER_SPINS)) {
            notes.add(
                "The broker's journal timer spun in this run instead of sleeping (Artemis decided"
                    + " so at start, its first sleeps having come back late): its thread took CPU"
                    + " whenever a commit waited for the disk. Runs compare less well across that.");
          }
        }
        // Hundreds of MB of journal and database; the hub's log and configuration stay.
        deleteTree(options.out().resolve("hub/data"));
        if (options.profile()) {
          // Written by the hub as it stopped.
          HubProfile.write(recording(), profileWindows, options.out().resolve("profile.md"));
        }
        strays = tracker.unexpected();
        refused = webhooks.refused();
        if (mailboxes.failures() > 0) {
          notes.add(mailboxes.failures() + " mailbox calls failed (retried at the next listing).");
        }
      }
      notes.add(NativeCrypto.describe() + " (in the benchmark; the hub logs its own at start).");
      Results results =
          new Results(
              startedAt, machine(), bounds, stages, fanOuts, strays, refused, List.copyOf(notes));
      ReportWriter.write(results, options.out());
      return results;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * How large the hub's database file grew: with every commit written as it happens, H2's file
   * grows by a chunk per commit unless its space is reused (docs/architecture.md, "Persistence").
   */
  private static String databaseFileNote(HubProcess hub, Path databaseFile) throws IOException {
    if (!Files.isRegularFile(databaseFile)) {
      return "The hub's database is not the embedded H2 file (an external database was given).";
    }
    long atEnd = Files.size(databaseFile);
    return String.format(
        Locale.ROOT,
        "The hub's database file: %d MB at the end of the run, at most %d MB during it.",
        atEnd >> 20,
        Math.max(atEnd, hub.databaseFileMaxBytes()) >> 20);
  }

  /**
   * The hub's JVM options: those it ships with (config/jvm.options, as bin/imi-hub starts it), then
   * those given.
   */
  private List<String> hubJvmOptions(Path configDir) throws IOException {
    List<String> jvmOptions = new ArrayList<>(jvmOptions(configDir.resolve(JVM_OPTIONS)));
    jvmOptions.addAll(options.hubJavaOptions());
    return List.copyOf(jvmOptions);
  }

  /**
   * With --profile, the options and a JFR recording of the whole run (the "profile" settings: a
   * stack sample every 10 ms of each running thread), written as the hub stops.
   */
  private List<String> recordingIfProfiled(List<String> jvmOptions) {
    if (!options.profile()) {
      return jvmOptions;
    }
    List<String> javaOptions = new ArrayList<>(jvmOptions);
    // 256 frames, not JFR's 64: a SOAP request runs under CXF, Spring Security and Tomcat, and
    // the profile tells the channels apart by the frames nearest the thread's start. Each
    // thread's CPU every second, not every 10 s: a stage's CPU by thread, even a short one's.
    javaOptions.add("-XX:FlightRecorderOptions:stackdepth=256");
    javaOptions.add(
        "-XX:StartFlightRecording=settings=profile,jdk.ThreadCPULoad#period=1s,dumponexit=true,"
            + "filename="
            + recording());
    return javaOptions;
  }

  /** The options of a jvm.options file: one a line, a line starting with '#' a comment. */
  static List<String> jvmOptions(Path file) throws IOException {
    return Files.readAllLines(file).stream()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .toList();
  }

  private Path recording() {
    return options.out().resolve("hub/hub.jfr");
  }

  /** The cores the hub may use: all, or the first half when pinned. */
  private int hubCores() {
    return options.pin() ? Math.max(1, CORES / 2) : CORES;
  }

  private static String cpuRange(int first, int count) {
    return count == 1 ? Integer.toString(first) : first + "-" + (first + count - 1);
  }

  /**
   * Moves every thread of this process to the cores the hub does not use (threads started later
   * inherit it), so that the back offices and the hub do not share a core.
   */
  private void pinThisProcess() throws IOException {
    String cpus = cpuRange(hubCores(), CORES - hubCores());
    if (CORES < 2) {
      throw new IllegalArgumentException("--pin needs at least two cores.");
    }
    try {
      Process taskset =
          new ProcessBuilder(
                  "taskset", "-a", "-p", "-c", cpus, Long.toString(ProcessHandle.current().pid()))
              .redirectErrorStream(true)
              .start();
      String output = new String(taskset.getInputStream().readAllBytes());
      if (taskset.waitFor() != 0) {
        throw new IllegalStateException("taskset failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    notes.add(
        "Pinned: the hub on CPU "
            + cpuRange(0, hubCores())
            + ", the back offices and the bounds on CPU "
            + cpus
            + "; the chain bound is for the hub's "
            + hubCores()
            + " core(s).");
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** A run's results are never mixed with, or written over, an earlier run's. */
  private static void refuseEarlierRun(Path out) throws IOException {
    if (Files.isDirectory(out)) {
      try (Stream<Path> files = Files.list(out)) {
        if (files.findAny().isPresent()) {
          throw new IllegalArgumentException(
              out + " already holds a run's results; give another --out.");
        }
      }
    }
  }

  private void runScenarios(WebhookReceivers webhooks, List<Stage> stages, List<FanOut> fanOuts) {
    warmUp();

    int sustained = 0;
    for (int rate : options.fixedLoads()) {
      String name = "fixed " + rate + "/s";
      Stage stage = atRate(requests(name, messagesFor(rate), i -> name, false), rate, null).get(0);
      stages.add(stage);
      if (!sustains(stage)) {
        notes.add(
            name
                + " was not sustained (delivered "
                + Math.round(stage.deliveredPerSecond())
                + "/s, p99 "
                + Math.round(stage.latency().p99())
                + " ms): higher fixed loads were not offered.");
        break;
      }
      sustained = rate;
    }

    stages.addAll(
        asFastAs(
            requests("saturation", options.saturationMessages(), i -> "saturation", false),
            options.concurrency(),
            options.concurrency() + " clients, each sending as soon as its last receipt came."));

    for (int recipients : options.fanOuts()) {
      // A repeated size is its own stage: "fan-out 1000 #2".
      long earlier = fanOuts.stream().filter(f -> f.recipients() == recipients).count();
      String stage = "fan-out " + recipients + (earlier == 0 ? "" : " #" + (earlier + 1));
      fanOuts.add(fanOut(stage, recipients));
    }

    // A troubled back office among healthy ones, at half the highest load that held.
    int troubledRate = Math.max(options.fixedLoads().get(0), sustained / 2);
    webhooks.slow(TROUBLED, SLOW_ANSWER);
    stages.addAll(
        atRate(
            requests("slow", messagesFor(troubledRate), this::slowStage, false),
            troubledRate,
            TROUBLED + " answers each delivery after " + SLOW_ANSWER.toMillis() + " ms."));
    webhooks.slow(TROUBLED, null);

    List<Outgoing> whileDown = requests("down", messagesFor(troubledRate), this::downStage, false);
    webhooks.down(TROUBLED, true);
    Sending sending = sendAll(whileDown, troubledRate, FIXED_RATE_CLIENTS);
    webhooks.down(TROUBLED, false);
    stages.addAll(
        summarise(
            whileDown,
            troubledRate,
            sending,
            TROUBLED
                + " answers 503 while the load is offered, then recovers; its deliveries wait for"
                + " the broker's redelivery."));

    stages.addAll(
        asFastAs(
            requests("large message", options.largeMessages(), i -> "large message", true),
            LARGE_MESSAGE_CLIENTS,
            "Each with a "
                + options.largeMessageMegabytes()
                + " MB attachment, "
                + LARGE_MESSAGE_CLIENTS
                + " at a time."));
  }

  /**
   * Loads the hub in rounds, alternately at the first two fixed rates, until its JIT compiler
   * settles in a round at the second. The hub is a large program: on two cores its JIT works for
   * minutes after the start, taking a core or more, and the figures of a cold hub would say more
   * about the JIT than about the hub. A hub warmed at the first rate alone compiled again at the
   * second (a seventh of the machine in three runs of four): more threads at once take other paths.
   * Not reported, but noted with how long it took.
   */
  private void warmUp() {
    warmUpFanOut();
    List<Integer> rates = options.fixedLoads().subList(0, Math.min(2, options.fixedLoads().size()));
    int settlingRate = rates.get(rates.size() - 1);
    Duration roundLength =
        WARM_UP_ROUND.compareTo(options.warmUp()) < 0 ? WARM_UP_ROUND : options.warmUp();
    long start = System.nanoTime();
    int round = 0;
    int rate;
    double jit;
    do {
      rate = rates.get(round % rates.size());
      String name = "warm-up " + ++round;
      Stage stage =
          atRate(requests(name, messagesFor(rate, roundLength), i -> name, false), rate, null)
              .get(0);
      jit = stage.hubJitPercent();
      log.info("{} at {}/s: the hub's JIT took {}% of the machine", name, rate, Math.round(jit));
    } while ((rate != settlingRate || jit > SETTLED_JIT_PERCENT)
        && System.nanoTime() - start < options.warmUp().toNanos());
    notes.add(
        String.format(
            Locale.ROOT,
            "Warm-up: %d s at %s, until the hub's JIT took %.0f%% of the machine at %d/s"
                + " (settled below %d%%, or at most %d s); not reported.",
            (System.nanoTime() - start) / 1_000_000_000,
            rates.size() == 1
                ? rates.get(0) + "/s"
                : rates.get(0) + " and " + rates.get(1) + "/s in turn",
            jit,
            rate,
            SETTLED_JIT_PERCENT,
            options.warmUp().toSeconds()));
  }

  /**
   * One alert to the largest audience first, so that the measured fan-outs are not the hub's first,
   * as on a hub that has been running: without it the JIT compiled the fan-out's paths during the
   * measured one (a quarter of the hub's threads' CPU in it, docs/performance.md). The rounds that
   * follow let that compiling settle. Its time is noted: a freshly started hub's first fan-out.
   */
  private void warmUpFanOut() {
    int largest = options.fanOuts().stream().mapToInt(Integer::intValue).max().orElse(0);
    if (largest == 0) {
      return;
    }
    FanOut first = fanOut("warm-up fan-out " + largest, largest);
    notes.add(
        String.format(
            Locale.ROOT,
            "Warm-up fan-out to %d, the freshly started hub's first: the last recipient after %.0f"
                + " ms, %d lost; not reported.",
            largest,
            first.lastDeliveredMs(),
            first.lost()));
  }

  private String slowStage(int i) {
    return recipientOf(i).equals(TROUBLED)
        ? "slow back office: " + TROUBLED
        : "slow back office: the others";
  }

  private String downStage(int i) {
    return recipientOf(i).equals(TROUBLED)
        ? "back office down: " + TROUBLED
        : "back office down: the others";
  }

  private int messagesFor(int rate) {
    return messagesFor(rate, options.stageLength());
  }

  private static int messagesFor(int rate, Duration length) {
    return (int) (rate * length.toSeconds());
  }

  /** From a moment on this process's nanosecond clock until now, in the recording's time. */
  private static HubProfile.Window window(String label, long fromNanos) {
    Instant now = Instant.now();
    return new HubProfile.Window(label, now.minusNanos(System.nanoTime() - fromNanos), now);
  }

  /** A fixed load holds when all of it arrives, at about the offered rate, within a second. */
  private static boolean sustains(Stage stage) {
    return stage.errors() + stage.lost() + stage.duplicated() == 0
        && stage.deliveredPerSecond() >= 0.9 * stage.offeredPerSecond()
        && stage.latency().p99() < 1000;
  }

  /** Sends at a fixed offered rate, with clients enough that they never hold the rate back. */
  private List<Stage> atRate(List<Outgoing> messages, double rate, String note) {
    return send(messages, rate, FIXED_RATE_CLIENTS, note);
  }

  /** Sends as fast as {@code clients} clients go, each waiting for its receipt. */
  private List<Stage> asFastAs(List<Outgoing> messages, int clients, String note) {
    return send(messages, 0, clients, note);
  }

  private List<Stage> send(List<Outgoing> messages, double rate, int clients, String note) {
    return summarise(messages, rate, sendAll(messages, rate, clients), note);
  }

  /** What was sent, and the benchmark's own CPU time when sending began. */
  private record Sending(LoadDriver.Sent sent, long cpuBefore) {}

  /** Sends the messages, the hub's metrics read just before, so the stage's figures begin here. */
  private Sending sendAll(List<Outgoing> messages, double rate, int clients) {
    hub.readMetricsNow();
    long cpuBefore = benchmarkCpuNanos();
    return new Sending(driver.send(messages, rate, clients), cpuBefore);
  }

  /** Waits for the deliveries of what was sent, then sums up each stage it counted in. */
  private List<Stage> summarise(
      List<Outgoing> messages, double rate, Sending sending, String note) {
    LoadDriver.Sent sent = sending.sent();
    List<String> stageNames = messages.stream().map(Outgoing::stage).distinct().toList();
    stageNames.forEach(this::drain);
    hub.readMetricsNow();
    profileWindows.add(window(String.join(" + ", stageNames), sent.firstNanos()));
    long cpu = benchmarkCpuNanos() - sending.cpuBefore();
    List<Stage> stages = new ArrayList<>();
    for (String stageName : stageNames) {
      Stage stage = stage(stageName, rate, sent, cpu, note);
      log.info(
          "{}: {} delivered/s, p50 {} ms, p99 {} ms, {} errors, {} lost, {} duplicated",
          stageName,
          Math.round(stage.deliveredPerSecond()),
          Math.round(stage.latency().p50()),
          Math.round(stage.latency().p99()),
          stage.errors(),
          stage.lost(),
          stage.duplicated());
      stages.add(stage);
    }
    return stages;
  }

  /**
   * Waits until every delivery of a stage has arrived; gives up when none has arrived for half a
   * minute (counted from the wait's start at the earliest, so that the run's first stage waits for
   * its first arrival too), or after the drain timeout: what is missing then counts as lost.
   */
  private void drain(String stage) {
    long start = System.nanoTime();
    long giveUp = start + options.drainTimeout().toNanos();
    while (tracker.missing(stage) > 0 && System.nanoTime() < giveUp) {
      long quietFor = System.nanoTime() - Math.max(start, tracker.lastArrivalNanos());
      if (quietFor > QUIET_LIMIT.toNanos()) {
        return;
      }
      HubProcess.pause(Duration.ofMillis(50));
    }
  }

  private Stage stage(String name, double rate, LoadDriver.Sent sent, long cpuNanos, String note) {
    List<Tracker.Expected> deliveries = tracker.of(name);
    long firstSent = Long.MAX_VALUE;
    long lastArrival = 0;
    int errors = 0;
    int lost = 0;
    int duplicated = 0;
    List<Long> latencies = new ArrayList<>();
    List<Long> receiptLatencies = new ArrayList<>();
    for (Tracker.Expected delivery : deliveries) {
      firstSent = Math.min(firstSent, delivery.sentNanos);
      if (delivery.failed) {
        errors++;
        continue;
      }
      int arrivals = delivery.arrivals.get();
      if (arrivals == 0) {
        lost++;
        continue;
      }
      duplicated += arrivals - 1;
      lastArrival = Math.max(lastArrival, delivery.firstArrivalNanos);
      latencies.add(delivery.firstArrivalNanos - delivery.sentNanos);
      receiptLatencies.add(delivery.receiptNanos - delivery.sentNanos);
    }
    double seconds = Math.max(lastArrival - firstSent, 1) / 1e9;
    HubProcess.Usage usage = hub.usage(firstSent, Math.max(lastArrival, sent.lastNanos()));
    double wallSeconds = Math.max(sent.lastNanos(), lastArrival) / 1e9 - sent.firstNanos() / 1e9;
    return new Stage(
        name,
        rate,
        deliveries.size(),
        seconds,
        sent.messages() / Math.max((sent.lastNanos() - sent.firstNanos()) / 1e9, 1e-3),
        latencies.size() / seconds,
        Latency.of(latencies.stream().mapToLong(Long::longValue).toArray()),
        Latency.of(receiptLatencies.stream().mapToLong(Long::longValue).toArray()),
        errors,
        lost,
        duplicated,
        usage.cpuPercent(),
        usage.jitPercent(),
        100 * cpuNanos / (wallSeconds * 1e9 * CORES),
        usage.machineCpuPercent(),
        usage.heapMaxBytes(),
        usage.unitsPerCommit(),
        usage.databaseWrittenBytesPerSecond(),
        usage.webhookCallMillis(),
        usage.gcPausedMillisPerSecond(),
        usage.fullCollections(),
        note);
  }

  /**
   * One alert from HU-EEKH to a policy area that {@code recipients} authorities handle.
   *
   * @param stage what it is tracked, timed and profiled as, apart from every other alert
   */
  private FanOut fanOut(String stage, int recipients) {
    List<String> audience = new ArrayList<>(fanOutIdentities.keySet()).subList(0, recipients);
    Envelopes alert =
        Envelopes.alert("HU-EEKH", new Audience(fanOutArea(recipients), List.of(), true, false))
            .freeText("en", REQUEST_TEXT);
    Outgoing message =
        new Outgoing(
            stage,
            "HU-EEKH",
            alert.messageId(),
            audience,
            alert.signedBy(signers.get("HU-EEKH")),
            false);
    LoadDriver.Sent sent = sendAll(List.of(message), 0, 1).sent();
    drain(stage);
    hub.readMetricsNow();
    profileWindows.add(window(stage, sent.firstNanos()));
    List<Tracker.Expected> deliveries = tracker.of(stage);
    long first = Long.MAX_VALUE;
    long last = 0;
    int lost = 0;
    int duplicated = 0;
    for (Tracker.Expected delivery : deliveries) {
      int arrivals = delivery.arrivals.get();
      if (arrivals == 0 || delivery.failed) {
        lost++;
        continue;
      }
      duplicated += arrivals - 1;
      first = Math.min(first, delivery.firstArrivalNanos);
      last = Math.max(last, delivery.firstArrivalNanos);
    }
    long sentAt = deliveries.get(0).sentNanos;
    HubProcess.Usage usage = hub.usage(sentAt, Math.max(last, sent.lastNanos()));
    FanOut result =
        new FanOut(
            recipients,
            lost == recipients ? 0 : (first - sentAt) / 1e6,
            lost == recipients ? 0 : (last - sentAt) / 1e6,
            lost,
            duplicated,
            usage.cpuPercent(),
            usage.heapMaxBytes(),
            usage.webhookCallMillis());
    log.info(
        "{}: last recipient after {} ms, {} lost",
        stage,
        Math.round(result.lastDeliveredMs()),
        lost);
    return result;
  }

  /**
   * Messages signed ahead, on all cores. Message {@code i} goes from authority {@code i mod 7} to
   * each of the six others in turn; the first {@code soapPercent} of every hundred over SOAP.
   */
  private List<Outgoing> requests(
      String what, int count, IntFunction<String> stageOf, boolean large) {
    log.info("{}: signing {} messages", what, count);
    return IntStream.range(0, count)
        .parallel()
        .mapToObj(i -> request(i, stageOf.apply(i), large))
        .toList();
  }

  private Outgoing request(int i, String stage, boolean large) {
    String sender = AUTHORITIES.get(i % AUTHORITIES.size());
    String recipient = recipientOf(i);
    Envelopes request =
        Envelopes.request(sender, recipient).procedure("PQ-CHECK").freeText("en", REQUEST_TEXT);
    if (large) {
      byte[] content = new byte[options.largeMessageMegabytes() * 1024 * 1024];
      new SecureRandom().nextBytes(content);
      request.attachments(
          new Attachment("diploma", "diploma-scan.pdf", "application/pdf", content));
    }
    return new Outgoing(
        stage,
        sender,
        request.messageId(),
        List.of(recipient),
        request.signedBy(signers.get(sender)),
        i % 100 < options.soapPercent());
  }

  private static String recipientOf(int i) {
    int sender = i % AUTHORITIES.size();
    int offset = 1 + (i / AUTHORITIES.size()) % (AUTHORITIES.size() - 1);
    return AUTHORITIES.get((sender + offset) % AUTHORITIES.size());
  }

  private Bounds measureBounds() throws IOException {
    log.info("Measuring this machine's bounds");
    List<byte[]> envelopes =
        IntStream.range(0, 64).mapToObj(i -> request(i, "bound", false).bytes()).toList();
    ChainBound.Result chain =
        ChainBound.measure(
            envelopes,
            new XmlSigner(pki.hubDocuments()),
            ProcedureCatalogue.load(options.repository().resolve("config/procedures")),
            hubCores(),
            options.boundLength().dividedBy(3),
            options.boundLength());
    ArtemisBound.Result artemis =
        ArtemisBound.measure(
            toUrl(options.repository().resolve("config/broker.xml")),
            options.out().resolve("artemis-bound"),
            ARTEMIS_PRODUCERS,
            ARTEMIS_CONSUMERS,
            envelopes.get(0).length,
            options.boundLength().dividedBy(3),
            options.boundLength());
    deleteTree(options.out().resolve("artemis-bound"));
    log.info(
        "Bounds: chain {}/s on {} threads, Artemis {}/s",
        Math.round(chain.perSecond()),
        chain.threads(),
        Math.round(artemis.perSecond()));
    return new Bounds(
        chain.perSecond(),
        chain.threads(),
        artemis.perSecond(),
        ARTEMIS_PRODUCERS + ARTEMIS_CONSUMERS);
  }

  /**
   * A copy of config/ for the hub: its application.yml, broker.xml, procedures and demo PKI, and a
   * directory with the demo authorities (mailbox or webhook), their coordinators, and the fan-out
   * audience: authorities across the EEA, each with a fresh key, taking deliveries by webhook.
   */
  private Path prepareConfig(WebhookReceivers webhooks) throws IOException {
    Path config = options.out().resolve("hub/config");
    Path source = options.repository().resolve("config");
    Files.createDirectories(config.resolve("demo-pki"));
    Files.createDirectories(config.resolve("benchmark-pki"));
    Files.copy(source.resolve("application.yml"), config.resolve("application.yml"));
    Files.copy(source.resolve("broker.xml"), config.resolve("broker.xml"));
    Files.copy(source.resolve(JVM_OPTIONS), config.resolve(JVM_OPTIONS));
    try (Stream<Path> files = Files.list(source.resolve("demo-pki"))) {
      for (Path file : files.toList()) {
        Files.copy(file, config.resolve("demo-pki").resolve(file.getFileName()));
      }
    }
    try (Stream<Path> files = Files.walk(source.resolve("procedures"))) {
      for (Path file : files.toList()) {
        Path copy = config.resolve(source.relativize(file));
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(file, copy);
        }
      }
    }
    StringBuilder yaml = new StringBuilder("# Written by the benchmark.\nauthorities:\n");
    for (String id : AUTHORITIES) {
      String endpoint =
          WEBHOOK_AUTHORITIES.contains(id) ? webhooks.add(id, pki.demo(id)).toString() : null;
      entry(
          yaml,
          id,
          id.substring(0, 2),
          endpoint,
          "[PROFESSIONAL_QUALIFICATIONS, SERVICES]",
          null,
          "demo-pki/" + id + ".crt");
    }
    for (String country : List.of("HU", "FR", "PT", "DE", "NO", "DK")) {
      String id = country + "-NIMIC";
      entry(yaml, id, country, null, "[]", "[COORDINATOR]", "demo-pki/" + id + ".crt");
    }
    int largest = options.fanOuts().stream().mapToInt(Integer::intValue).max().orElse(0);
    log.info("Issuing keys for {} fan-out authorities", largest);
    for (int i = 0; i < largest; i++) {
      String country = EEA.get(i % EEA.size());
      String id = String.format("%s-BENCH-%04d", country, i);
      String certificate = "benchmark-pki/" + id + ".crt";
      SigningIdentity identity = pki.issue(id, country, config.resolve(certificate));
      fanOutIdentities.put(id, identity);
      int index = i;
      List<String> areas =
          options.fanOuts().stream().filter(n -> index < n).map(Benchmark::fanOutArea).toList();
      entry(
          yaml,
          id,
          country,
          webhooks.add(id, identity).toString(),
          areas.toString(),
          null,
          certificate);
    }
    Files.writeString(config.resolve("benchmark-directory.yml"), yaml);
    return config;
  }

  private static void entry(
      StringBuilder yaml,
      String id,
      String country,
      String webhookEndpoint,
      String policyAreas,
      String roles,
      String certificate) {
    yaml.append("  - id: ").append(id).append('\n');
    yaml.append("    name: \"").append(id).append(" (benchmark)\"\n");
    yaml.append("    country: \"").append(country).append("\"\n");
    yaml.append("    language: en\n");
    if (webhookEndpoint == null) {
      yaml.append("    connector: MAILBOX\n");
    } else {
      yaml.append("    connector: WEBHOOK\n");
      yaml.append("    endpoint: ").append(webhookEndpoint).append('\n');
    }
    if (roles != null) {
      yaml.append("    roles: ").append(roles).append('\n');
    }
    yaml.append("    policyAreas: ").append(policyAreas).append('\n');
    yaml.append("    certificates: [").append(certificate).append("]\n");
  }

  static String fanOutArea(int recipients) {
    return "BENCHMARK_FAN_OUT_" + recipients;
  }

  private Results.Machine machine() {
    String cpu = "unknown";
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      cpu =
          lines
              .filter(line -> line.startsWith("model name"))
              .map(line -> line.substring(line.indexOf(':') + 1).trim())
              .findFirst()
              .orElse(cpu);
    } catch (IOException | UncheckedIOException e) {
      // Not Linux: the CPU's name is only informative.
    }
    return new Results.Machine(
        CORES,
        cpu,
        System.getProperty("os.name") + " " + System.getProperty("os.version"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + hubJava(),
        options.hubHeap() + (hubJvmOptions.isEmpty() ? "" : " " + String.join(" ", hubJvmOptions)));
  }

  /** Nothing if the hub runs on the benchmark's own java, else which one it runs on. */
  private String hubJava() {
    return options.hubJava().equals(HubProcess.Jvm.thisJava())
        ? ""
        : " (the hub on " + HubProcess.Jvm.version(options.hubJava()) + ")";
  }

  private static long benchmarkCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static java.net.URL toUrl(Path path) {
    try {
      return path.toUri().toURL();
    } catch (java.net.MalformedURLException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
