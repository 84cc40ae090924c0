package io.interstice.bench;

import java.lang.management.ManagementFactory;

/**
 * What one configuration of the journal benchmark measured.
 *
 * @param journal the journal's label
 * @param actors concurrently persisting actors
 * @param events acknowledged events counted during the measurement
 * @param seconds length of the measurement
 * @param p50Micros median persist-to-ack latency
 * @param p99Micros 99th percentile persist-to-ack latency
 * @param maxMicros slowest persist-to-ack latency
 * @param cpuMicrosPerEvent CPU time of the whole process per counted event (all threads, GC
 *     included): the cost of an event, less sensitive than throughput to other load on the machine
 * @param loadAverage the machine's one-minute load average when the measurement ended
 */
record RunResult(
    String journal,
    int actors,
    long events,
    double seconds,
    double p50Micros,
    double p99Micros,
    double maxMicros,
    double cpuMicrosPerEvent,
    double loadAverage) {

  double eventsPerSecond() {
    return events / seconds;
  }

  static RunResult of(JournalKind kind, int actors, RunControl control) {
    var histogram = control.merged();
    return new RunResult(
        kind.label,
        actors,
        histogram.count(),
        control.measuredSeconds(),
        histogram.percentileNanos(0.50) / 1e3,
        histogram.percentileNanos(0.99) / 1e3,
        histogram.maxNanos() / 1e3,
        histogram.count() == 0 ? 0 : control.measuredCpuSeconds() * 1e6 / histogram.count(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }
}
