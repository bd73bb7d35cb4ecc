package org.imihub.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run does, from its command line. The defaults are the full run documented in
 * docs/performance.md; {@code --smoke} is a run of a few seconds per part that the test suite uses
 * to keep the benchmark working (its figures mean nothing).
 */
record Options(
    Path repository,
    Path hubJar,
    Path out,
    List<Integer> fixedLoads,
    Duration warmUp,
    Duration stageLength,
    int saturationMessages,
    int concurrency,
    int soapPercent,
    List<Integer> fanOuts,
    int largeMessageMegabytes,
    int largeMessages,
    String hubJava,
    String hubHeap,
    List<String> hubJavaOptions,
    Duration boundLength,
    Duration drainTimeout,
    boolean pin,
    boolean profile,
    boolean smoke) {

  static final String USAGE =
      """
      usage: imi-benchmark [options]
        --repository DIR      the imi-hub checkout (default: the working directory)
        --hub-jar FILE        the hub to start (default hub-app/target/imi-hub.jar)
        --out DIR             where results go (default benchmark-runs/<date-time>)
        --loads 50,100,...    fixed offered loads, messages/s (default 50,100,250,500,1000)
        --warm-up-seconds N   at most this long at the first fixed rate, until the hub's JIT
                              settles, before measuring (default 600)
        --stage-seconds N     how long each fixed load is offered (default 20)
        --saturation N        messages sent as fast as the clients go (default 10000)
        --concurrency N       client connections sending at once (default 64)
        --soap-percent N      of the messages, how many in a hundred go over SOAP (default 50)
        --fan-outs 10,100,... alert audiences (default 10,100,1000)
        --large-mb N          size of the large message's attachment (default 3)
        --hub-java FILE       the java command the hub runs on (default: the one running the
                              benchmark), e.g. another JDK's bin/java
        --heap SIZE           the hub's -Xmx (default 512m)
        --hub-java-options "…" more options for the hub's JVM, after those of config/jvm.options,
                              e.g. "-XX:TieredStopAtLevel=1" (another collector: change that file)
        --pin                 the hub on the first half of the cores, the back offices on the
                              other half (Linux, taskset): the hub's figures without the
                              back offices taking its CPU
        --profile             the hub records itself (JFR) and profile.md says, stage by
                              stage, where its CPU went
        --smoke               a few seconds of each part, to check the benchmark works
      """;

  static Options parse(String... args) {
    Map<String, String> given = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if ("--help".equals(name)) {
        throw new IllegalArgumentException(USAGE);
      } else if ("--smoke".equals(name) || "--pin".equals(name) || "--profile".equals(name)) {
        given.put(name, "true");
      } else if (name.startsWith("--") && i + 1 < args.length) {
        given.put(name, args[++i]);
      } else {
        throw new IllegalArgumentException("Unknown argument " + name + "\n" + USAGE);
      }
    }
    boolean smoke = given.containsKey("--smoke");
    Path repository = Path.of(given.getOrDefault("--repository", ".")).toAbsolutePath().normalize();
    Path out =
        given.containsKey("--out")
            ? Path.of(given.get("--out"))
            // Not under target/: a "mvn clean" would take every earlier run with it.
            : repository
                .resolve("benchmark-runs")
                .resolve(
                    LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    return new Options(
        repository,
        Path.of(
            given.getOrDefault(
                "--hub-jar", repository.resolve("hub-app/target/imi-hub.jar").toString())),
        out.toAbsolutePath(),
        integers(given.getOrDefault("--loads", smoke ? "20" : "50,100,250,500,1000")),
        seconds(given.getOrDefault("--warm-up-seconds", smoke ? "3" : "600")),
        seconds(given.getOrDefault("--stage-seconds", smoke ? "3" : "20")),
        number(given.getOrDefault("--saturation", smoke ? "100" : "10000")),
        number(given.getOrDefault("--concurrency", smoke ? "8" : "64")),
        number(given.getOrDefault("--soap-percent", "50")),
        integers(given.getOrDefault("--fan-outs", smoke ? "10" : "10,100,1000")),
        number(given.getOrDefault("--large-mb", smoke ? "1" : "3")),
        smoke ? 2 : 5,
        hubJava(given.getOrDefault("--hub-java", HubProcess.Jvm.thisJava())),
        given.getOrDefault("--heap", "512m"),
        given.containsKey("--hub-java-options")
            ? List.of(given.get("--hub-java-options").trim().split("\\s+"))
            : List.of(),
        smoke ? Duration.ofSeconds(1) : Duration.ofSeconds(10),
        smoke ? Duration.ofSeconds(60) : Duration.ofSeconds(180),
        given.containsKey("--pin"),
        given.containsKey("--profile"),
        smoke);
  }

  /** A java command the hub can be started with, or a sentence saying it is not one. */
  private static String hubJava(String java) {
    Path file = Path.of(java);
    if (file.getNameCount() > 1 && !Files.isExecutable(file)) {
      throw new IllegalArgumentException(
          "--hub-java: " + java + " is not an executable file (give a JDK's bin/java).");
    }
    return java;
  }

  private static Duration seconds(String value) {
    return Duration.ofSeconds(number(value));
  }

  /** A whole number of 0 or more, or a sentence saying what is wrong with it. */
  private static int number(String value) {
    try {
      int number = Integer.parseInt(value.trim());
      if (number >= 0) {
        return number;
      }
    } catch (NumberFormatException e) {
      // Said below.
    }
    throw new IllegalArgumentException("\"" + value + "\" is not a whole number of 0 or more.");
  }

  private static List<Integer> integers(String list) {
    return Arrays.stream(list.split(",")).map(Options::number).toList();
  }
}
