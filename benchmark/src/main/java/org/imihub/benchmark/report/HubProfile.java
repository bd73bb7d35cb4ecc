package org.imihub.benchmark.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the hub spent its CPU in each stage, from the JFR recording it made during the run ({@code
 * --profile}). Two readings of it, because they answer different questions:
 *
 * <ul>
 *   <li>How much CPU each kind of hub thread used, from the JVM's own accounting of every thread's
 *       CPU time ({@code jdk.ThreadCPULoad}, read every second). This is what a stage cost, the JIT
 *       compiler's threads included (the garbage collector's are not Java threads: the stage tables
 *       give its pauses).
 *   <li>What the threads were doing, from execution samples: each counts once, for the innermost
 *       frame that belongs to a library the hub is built from, so that "H2" means time inside the
 *       database engine whoever called it, and "the hub's own code" only what is left in its own
 *       classes. Samples are not CPU time: JFR samples a thread that is in Java code whether it is
 *       running or waiting for a core, and never one in native code (the broker's file and network
 *       work), so across kinds of thread they mislead (docs/performance.md, "Where the hub's CPU
 *       goes"). Within one kind of thread they compare.
 * </ul>
 */
public final class HubProfile {
  /** A span of the run, by the stage (or stages sent together) it measured. */
  public record Window(String label, Instant from, Instant to) {}

  /** A part of the hub's stack, and the class-name prefixes that belong to it. */
  private record Part(String name, List<String> prefixes) {
    boolean holds(String className) {
      for (String prefix : prefixes) {
        if (className.startsWith(prefix)) {
          return true;
        }
      }
      return false;
    }
  }

  /** A kind of hub thread, and how its threads are named. */
  private record ThreadKind(String name, Predicate<String> test) {}

  private static final String API_REQUESTS = "API requests";

  private static final List<ThreadKind> THREAD_KINDS =
      List.of(
          new ThreadKind(
              API_REQUESTS, name -> name.startsWith("https-jsse-nio") && name.contains("exec")),
          new ThreadKind(
              "API connections (Tomcat's poller and acceptor)",
              name -> name.startsWith("https-jsse-nio")),
          new ThreadKind("delivery consumers", name -> name.contains("JmsConsumer[hub.delivery")),
          new ThreadKind(
              "database writers (the units of work of all the API requests and consumers,"
                  + " committed together)",
              name -> name.startsWith("database-writer")),
          new ThreadKind(
              "database upkeep (compaction)", name -> name.startsWith("database-upkeep")),
          new ThreadKind(
              "Artemis's own threads", name -> name.toLowerCase(Locale.ROOT).contains("activemq")),
          new ThreadKind(
              "H2's own threads", name -> name.startsWith("H2") || name.startsWith("MVStore")),
          new ThreadKind("management port (metrics scrapes)", name -> name.startsWith("http-nio")),
          new ThreadKind("mailbox long polls answered", name -> name.startsWith("mailbox-waiters")),
          new ThreadKind(
              "webhook client (the JDK's HTTP client)",
              name -> name.startsWith("HttpClient-") || name.startsWith("webhook-deadline")),
          new ThreadKind(
              "the JIT compiler",
              name -> name.startsWith("C1 CompilerThread") || name.startsWith("C2 CompilerThread")),
          new ThreadKind("JFR (this recording)", name -> name.startsWith("JFR ")));

  /** Checked in this order: the first part a frame belongs to names it. */
  private static final List<Part> PARTS =
      List.of(
          new Part("password checks (bcrypt)", List.of("org.springframework.security.crypto")),
          new Part(
              "XML signatures (c14n, digests; the crypto itself is native)",
              List.of(
                  "org.apache.xml.security.",
                  "org.apache.jcp.xml.dsig",
                  "org.imihub.contract.signature",
                  "com.amazon.corretto")),
          new Part("TLS", List.of("sun.security.ssl", "javax.crypto", "com.sun.crypto")),
          new Part(
              "schema validation",
              List.of(
                  "com.sun.org.apache.xerces.internal.impl.xs",
                  "com.sun.org.apache.xerces.internal.jaxp.validation")),
          new Part(
              "XML serialisation",
              List.of("com.sun.org.apache.xml.internal.serializer", "com.sun.org.apache.xalan")),
          new Part("Saxon", List.of("net.sf.saxon")),
          new Part(
              "XML parsing and DOM",
              List.of("com.sun.org.apache.xerces", "javax.xml", "org.w3c", "org.xml.sax")),
          new Part("JAXB", List.of("org.glassfish.jaxb", "jakarta.xml.bind", "com.sun.xml.bind")),
          new Part("H2 database", List.of("org.h2.")),
          new Part(
              "JDBC, pool, transactions",
              List.of(
                  "org.springframework.jdbc",
                  "com.zaxxer.hikari",
                  "org.springframework.transaction")),
          new Part("Artemis broker", List.of("org.apache.activemq", "io.netty")),
          new Part("Spring JMS", List.of("org.springframework.jms")),
          new Part("Camel", List.of("org.apache.camel")),
          new Part(
              "SOAP: WS-Security",
              List.of("org.apache.wss4j", "org.apache.cxf.ws.security", "org.apache.neethi")),
          new Part(
              "SOAP: CXF and SAAJ",
              List.of(
                  "org.apache.cxf",
                  "com.ctc.wstx",
                  "org.codehaus.stax2",
                  "com.sun.xml.messaging.saaj")),
          new Part("Spring Security", List.of("org.springframework.security")),
          new Part(
              "Spring MVC, Jackson",
              List.of("org.springframework.web", "org.springframework.http", "com.fasterxml")),
          new Part(
              "Tomcat", List.of("org.apache.catalina", "org.apache.coyote", "org.apache.tomcat")),
          new Part(
              "logging",
              List.of("ch.qos.logback", "org.slf4j", "java.util.logging", "sun.util.logging")),
          new Part("metrics (Micrometer)", List.of("io.micrometer")),
          new Part("HTTP client (webhooks)", List.of("jdk.internal.net.http", "java.net.http")),
          new Part("the hub's own code", List.of("org.imihub.")),
          new Part("Spring, other", List.of("org.springframework")));

  private static final String JDK = "the JDK (collections, strings, I/O)";
  private static final String UNKNOWN = "no Java frame";
  private static final String CONNECTORS = "org.imihub.connectors.";
  private static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";

  /**
   * Each Java thread's CPU since its last reading, as a fraction of the machine: user and system.
   * The benchmark has it recorded every second ({@code jdk.ThreadCPULoad#period=1s}).
   */
  private static final String THREAD_CPU = "jdk.ThreadCPULoad";

  private HubProfile() {}

  /**
   * Reads the recording and writes {@code profile.md} next to it: per window, the share of each
   * part of the stack and of each kind of hub thread. Returns the markdown.
   */
  public static String write(Path recording, List<Window> windows, Path markdown) {
    Map<Window, Tally> tallies = new LinkedHashMap<>();
    windows.forEach(window -> tallies.put(window, new Tally()));
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        RecordedEvent event = file.readEvent();
        String type = event.getEventType().getName();
        boolean sample = EXECUTION_SAMPLE.equals(type);
        // A CPU reading without its thread (one that ended as it was read; a handful in a run,
        // most while the hub starts) says nothing of a kind of thread, and its figure is not to
        // be trusted (50% of the machine for an unnamed thread).
        boolean cpu = THREAD_CPU.equals(type) && event.getThread("eventThread") != null;
        if (!sample && !cpu) {
          continue;
        }
        Instant at = event.getStartTime();
        for (Map.Entry<Window, Tally> entry : tallies.entrySet()) {
          Window window = entry.getKey();
          if (!at.isBefore(window.from()) && at.isBefore(window.to())) {
            if (sample) {
              entry.getValue().count(part(event.getStackTrace()), event);
            } else {
              entry
                  .getValue()
                  .cpu(
                      threadKind(threadName(event.getThread("eventThread"))),
                      event.getFloat("user") + event.getFloat("system"));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the hub's recording " + recording, e);
    }
    String text = markdown(tallies);
    try {
      Files.writeString(markdown, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text;
  }

  private static String part(RecordedStackTrace stack) {
    if (stack == null || stack.getFrames().isEmpty()) {
      return UNKNOWN;
    }
    for (RecordedFrame frame : stack.getFrames()) {
      if (!frame.isJavaFrame() || frame.getMethod() == null) {
        continue;
      }
      String className = frame.getMethod().getType().getName();
      for (Part part : PARTS) {
        if (part.holds(className)) {
          return part.name();
        }
      }
    }
    return JDK;
  }

  private static String threadName(RecordedThread thread) {
    return thread == null || thread.getJavaName() == null ? "" : thread.getJavaName();
  }

  /** The kind of hub thread, by its name: the first kind whose test the name passes. */
  private static String threadKind(String name) {
    for (ThreadKind kind : THREAD_KINDS) {
      if (kind.test().test(name)) {
        return kind.name();
      }
    }
    return "other";
  }

  /** The API channel a request thread's sample belongs to, by the outermost frame that says. */
  private static String channel(RecordedStackTrace stack) {
    if (stack == null) {
      return "unknown";
    }
    List<RecordedFrame> frames = stack.getFrames();
    for (int i = frames.size() - 1; i >= 0; i--) {
      RecordedFrame frame = frames.get(i);
      if (!frame.isJavaFrame() || frame.getMethod() == null) {
        continue;
      }
      String className = frame.getMethod().getType().getName();
      if (className.startsWith("org.apache.cxf") || className.startsWith(CONNECTORS + "soap.")) {
        return "SOAP submissions (WS-Security included)";
      }
      if (className.startsWith(CONNECTORS + "rest.MessagesController")) {
        return "REST submissions";
      }
      if (className.startsWith(CONNECTORS + "mailbox.")) {
        return "mailbox (list, fetch, acknowledge)";
      }
      if (className.startsWith(CONNECTORS)) {
        return "other calls (exchanges, procedures, contract)";
      }
    }
    return stack.isTruncated()
        ? "stack too deep to tell"
        : "TLS, HTTP and filters, outside any call";
  }

  private static String markdown(Map<Window, Tally> tallies) {
    StringBuilder md = new StringBuilder();
    md.append("# Where the hub's CPU went, stage by stage\n\n")
        .append("From the hub's own JFR recording. The first table of each stage is the CPU its")
        .append(" threads used, by kind, from the JVM's accounting of each thread's CPU time, read")
        .append(
            " every second (the garbage collector's threads are not Java threads and not in it:")
        .append(" the stage tables give its pauses). The second splits the API request threads'")
        .append(" CPU between the channels as their samples fall (those threads all run alike, so")
        .append(" there the samples compare). The last two are execution samples: which")
        .append(
            " part of the hub's stack a sample was in (its innermost frame that belongs to one of")
        .append(
            " the hub's libraries), and what the thread was doing (an API request by the channel")
        .append(" it came through). Samples are not CPU time: JFR samples a thread in Java code")
        .append(" whether it runs or waits for a core, never one in native code (the broker's file")
        .append(" and network work), so compare their shares within one kind of thread, and take")
        .append(" each kind's share of the CPU from the first table.\n");
    for (Map.Entry<Window, Tally> entry : tallies.entrySet()) {
      Tally tally = entry.getValue();
      if (tally.total == 0 && tally.cpuTotal == 0) {
        continue;
      }
      md.append("\n## ").append(entry.getKey().label()).append("\n\n");
      if (tally.cpuTotal > 0) {
        md.append("| hub threads | share of their CPU |\n| --- | ---: |\n");
        shares(md, tally.cpuByThread, tally.cpuTotal);
        md.append("\n");
        Map<String, Double> byChannel = tally.apiCpuByChannel();
        if (!byChannel.isEmpty()) {
          md.append("| API requests by channel (their CPU, split as their samples) | share of the")
              .append(" hub threads' CPU |\n| --- | ---: |\n");
          shares(md, byChannel, tally.cpuTotal);
          md.append("\n");
        }
      }
      md.append("| part of the stack (")
          .append(tally.total)
          .append(" samples) | share |\n| --- | ---: |\n");
      shares(md, tally.byPart, tally.total);
      md.append("\n| what the hub was doing (samples) | share |\n| --- | ---: |\n");
      shares(md, tally.byWork, tally.total);
    }
    return md.toString();
  }

  private static <N extends Number> void shares(
      StringBuilder md, Map<String, N> amounts, double total) {
    List<Map.Entry<String, N>> sorted = new ArrayList<>(amounts.entrySet());
    sorted.sort(
        Comparator.comparingDouble((Map.Entry<String, N> entry) -> entry.getValue().doubleValue())
            .reversed());
    for (Map.Entry<String, N> entry : sorted) {
      md.append("| ")
          .append(entry.getKey())
          .append(" | ")
          .append(
              String.format(Locale.ROOT, "%.1f%%", 100.0 * entry.getValue().doubleValue() / total))
          .append(" |\n");
    }
  }

  private static final class Tally {
    final Map<String, Integer> byPart = new LinkedHashMap<>();
    final Map<String, Integer> byWork = new LinkedHashMap<>();
    final Map<String, Integer> apiSamplesByChannel = new LinkedHashMap<>();
    final Map<String, Double> cpuByThread = new LinkedHashMap<>();
    int total;
    int apiSamples;
    double cpuTotal;

    /**
     * One sample: the part of the stack it fell in, and what the hub was doing, by the kind of its
     * thread and, for an API request thread, by the channel whose code is on its stack (the
     * recording keeps 256 frames, enough to reach Tomcat under CXF).
     */
    void count(String part, RecordedEvent sample) {
      byPart.merge(part, 1, Integer::sum);
      String kind = threadKind(threadName(sample.getThread("sampledThread")));
      if (API_REQUESTS.equals(kind)) {
        String channel = channel(sample.getStackTrace());
        apiSamplesByChannel.merge(channel, 1, Integer::sum);
        apiSamples++;
        kind += ": " + channel;
      }
      byWork.merge(kind, 1, Integer::sum);
      total++;
    }

    void cpu(String threadKind, double machineFraction) {
      cpuByThread.merge(threadKind, machineFraction, Double::sum);
      cpuTotal += machineFraction;
    }

    /**
     * The API request threads' CPU, split between the channels as their samples are: samples
     * mislead across kinds of thread, not among the request threads, which all run alike.
     */
    Map<String, Double> apiCpuByChannel() {
      double apiCpu = cpuByThread.getOrDefault(API_REQUESTS, 0.0);
      Map<String, Double> byChannel = new LinkedHashMap<>();
      apiSamplesByChannel.forEach(
          (channel, count) -> byChannel.put(channel, apiCpu * count / apiSamples));
      return apiCpu > 0 ? byChannel : Map.of();
    }
  }
}
