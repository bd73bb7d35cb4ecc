package org.imihub.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** How the benchmark reads the hub's Prometheus text (lines as a running hub wrote them). */
class HubReadingTest {
  private static final String PARALLEL_COLLECTOR =
      """
      # HELP jvm_gc_pause_seconds Time spent in GC pause
      # TYPE jvm_gc_pause_seconds summary
      jvm_gc_pause_seconds_count{action="end of major GC",cause="Metadata GC Threshold",gc="PS MarkSweep"} 1
      jvm_gc_pause_seconds_sum{action="end of major GC",cause="Metadata GC Threshold",gc="PS MarkSweep"} 0.112
      jvm_gc_pause_seconds_count{action="end of major GC",cause="Ergonomics",gc="PS MarkSweep"} 2
      jvm_gc_pause_seconds_sum{action="end of major GC",cause="Ergonomics",gc="PS MarkSweep"} 0.4
      jvm_gc_pause_seconds_count{action="end of minor GC",cause="Allocation Failure",gc="PS Scavenge"} 21
      jvm_gc_pause_seconds_sum{action="end of minor GC",cause="Allocation Failure",gc="PS Scavenge"} 1.349
      jvm_gc_pause_seconds_max{action="end of minor GC",cause="Allocation Failure",gc="PS Scavenge"} 0.173
      jvm_gc_overhead 0.02428729197494734
      process_cpu_time_ns_total 1.5E10
      jvm_memory_used_bytes{area="heap",id="PS Eden Space"} 1.0E8
      jvm_memory_used_bytes{area="heap",id="PS Old Gen"} 2.0E8
      jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 9.0E7
      """;

  @Test
  void gcPausesAddUpOverEveryCollectorAndCauseAndFullCollectionsAreTheMajorOnes() {
    HubProcess.Sample sample =
        HubProcess.reading(PARALLEL_COLLECTOR, 42, new HubProcess.MachineTicks(0, 0));

    assertThat(sample.gcPauseSeconds()).isCloseTo(0.112 + 0.4 + 1.349, within(1e-9));
    assertThat(sample.fullCollections()).isEqualTo(3);
    assertThat(sample.cpuSeconds()).isCloseTo(15, within(1e-9));
    assertThat(sample.heapUsedBytes()).isEqualTo(300_000_000L);
    assertThat(sample.nanos()).isEqualTo(42);
  }

  @Test
  void aHubThatHasNotCollectedYetReadsAsNoPauseAtAll() {
    HubProcess.Sample sample =
        HubProcess.reading(
            "process_cpu_time_ns_total 1.0E9\n", 7, new HubProcess.MachineTicks(0, 0));

    assertThat(sample.gcPauseSeconds()).isZero();
    assertThat(sample.fullCollections()).isZero();
    assertThat(sample.databaseWrittenBytes()).as("not an embedded H2").isNaN();
  }
}
