package org.imihub.benchmark.report;

import java.util.List;

/**
 * Everything one benchmark run measured, as written to {@code results.json} and summarised in
 * {@code report.md}: besides the stages, deliveries that arrived though no stage sent them (strays:
 * a hub bug) and deliveries a back office refused (a signature that did not check). Rates are per
 * second, latencies in milliseconds, CPU in percent of the whole machine (all cores = 100), heap in
 * bytes.
 */
public record Results(
    String startedAt,
    Machine machine,
    Bounds bounds,
    List<Stage> stages,
    List<FanOut> fanOuts,
    int strayDeliveries,
    int refusedDeliveries,
    List<String> notes) {

  /** What ran the benchmark: results from different machines compare only as ratios to bounds. */
  public record Machine(int cores, String cpu, String os, String java, String hubHeapLimit) {}

  /**
   * This machine's bounds, measured in the same run: the hub's per-message CPU work alone (parse,
   * validate, verify, receipt signed, outbound copy signed) on all cores, and a durable Artemis
   * send-and-receive with the hub's broker.xml.
   */
  public record Bounds(
      double chainPerSecond, int chainThreads, double artemisPerSecond, int artemisClients) {}

  /**
   * One load stage: messages sent at a fixed offered rate (or as fast as the clients go, offered =
   * 0, for saturation), each to one recipient, and what arrived.
   *
   * @param name e.g. "fixed 250/s", "saturation", "slow connector", "large message"
   * @param offeredPerSecond the rate the clients were told to send at; 0 at saturation
   * @param sentPerSecond the rate they managed to send at
   * @param deliveredPerSecond verified deliveries per second, from the first send to the last
   *     delivery
   * @param latency from the client's send to the recipient's verified delivery
   * @param receiptLatency from the client's send to the verified signed receipt
   * @param errors sends that failed (refused, timed out, receipt not verified)
   * @param lost messages that had not arrived when the stage gave up waiting
   * @param duplicated deliveries that arrived more than once
   * @param hubCpuPercent the hub process's mean CPU during the stage
   * @param hubJitPercent the hub's JIT compile time over the stage, in percent of the machine: wall
   *     time of the compilations, so above the JIT's true CPU share when its threads wait for a
   *     core (a cold hub compiles for minutes)
   * @param benchmarkCpuPercent the benchmark's own (clients, receivers) mean CPU
   * @param machineCpuPercent the whole machine's mean CPU (hub, benchmark, and anything else, e.g.
   *     a database server beside them), from /proc/stat; NaN where there is none
   * @param hubHeapMaxBytes the highest heap use the hub reported during the stage
   * @param unitsPerCommit units of work (hand-offs, deliveries, acknowledgements) per database
   *     commit of the hub's writers, on average; NaN if none was reported
   * @param databaseWrittenBytesPerSecond what the hub's embedded database wrote to its file (its
   *     commits' pages and its upkeep), per second; NaN for another database
   * @param webhookCallMillis the hub's own timing of its webhook calls that handed a delivery over,
   *     on average, the back office's whole answer included; NaN if none
   * @param note what was special (e.g. which connector was slow), or null
   */
  public record Stage(
      String name,
      double offeredPerSecond,
      int messages,
      double seconds,
      double sentPerSecond,
      double deliveredPerSecond,
      Latency latency,
      Latency receiptLatency,
      int errors,
      int lost,
      int duplicated,
      double hubCpuPercent,
      double hubJitPercent,
      double benchmarkCpuPercent,
      double machineCpuPercent,
      long hubHeapMaxBytes,
      double unitsPerCommit,
      double databaseWrittenBytesPerSecond,
      double webhookCallMillis,
      double hubGcPausedMillisPerSecond,
      long hubFullCollections,
      String note) {}

  /**
   * Latency percentiles in ms, and the full curve for the plot: {@code curve[i]} is the latency at
   * percentile {@link #CURVE_PERCENTILES}{@code [i]}.
   */
  public record Latency(
      long count, double p50, double p95, double p99, double max, double[] curve) {
    public static final double[] CURVE_PERCENTILES = {
      0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 100
    };

    /** Percentiles of the given latencies in nanoseconds (the array is sorted in place). */
    public static Latency of(long[] nanos) {
      java.util.Arrays.sort(nanos);
      double[] curve = new double[CURVE_PERCENTILES.length];
      for (int i = 0; i < curve.length; i++) {
        curve[i] = at(nanos, CURVE_PERCENTILES[i]);
      }
      return new Latency(
          nanos.length, at(nanos, 50), at(nanos, 95), at(nanos, 99), at(nanos, 100), curve);
    }

    private static double at(long[] sorted, double percentile) {
      if (sorted.length == 0) {
        return 0;
      }
      int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1_000_000.0;
    }
  }

  /**
   * One alert to many recipients: when the first and the last had it, from the send.
   *
   * @param recipients how many authorities the audience resolved to
   * @param webhookCallMillis the hub's webhook calls' mean time, as for a stage; over the samples
   *     that bracket the fan-out (5 s apart), so a neighbour's calls may count in a short one
   */
  public record FanOut(
      int recipients,
      double firstDeliveredMs,
      double lastDeliveredMs,
      int lost,
      int duplicated,
      double hubCpuPercent,
      long hubHeapMaxBytes,
      double webhookCallMillis) {}
}
