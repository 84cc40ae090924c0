package io.interstice.bench;

import java.lang.management.ManagementFactory;

/**
 * What one configuration of the journal benchmark measured.
 *
 * @param journal the journal's label
 * @param actors concurrently persisting actors
 * @param batch events per write: 1 ({@code persist}) or more (one {@code persistAll}, one atomic
 *     write)
 * @param events acknowledged events counted during the measurement
 * @param seconds length of the measurement
 * @param p50Micros median persist-to-ack latency of a write (one event or one batch)
 * @param p90Micros 90th percentile of that latency
 * @param p99Micros 99th percentile of that latency
 * @param p999Micros 99.9th percentile of that latency
 * @param maxMicros slowest write
 * @param cpuMicrosPerEvent CPU time of the whole process per counted event (all threads, GC
 *     included): the cost of an event, less sensitive than throughput to other load on the machine
 * @param loadAverage the machine's one-minute load average when the measurement ended
 */
record RunResult(
    String journal,
    int actors,
    int batch,
    long events,
    double seconds,
    double p50Micros,
    double p90Micros,
    double p99Micros,
    double p999Micros,
    double maxMicros,
    double cpuMicrosPerEvent,
    double loadAverage) {

  double eventsPerSecond() {
    return events / seconds;
  }

  static RunResult of(JournalKind kind, int actors, int batch, RunControl control) {
    var histogram = control.merged();
    long events = histogram.getTotalCount() * batch;
    return new RunResult(
        kind.label,
        actors,
        batch,
        events,
        control.measuredSeconds(),
        histogram.getValueAtPercentile(50) / 1e3,
        histogram.getValueAtPercentile(90) / 1e3,
        histogram.getValueAtPercentile(99) / 1e3,
        histogram.getValueAtPercentile(99.9) / 1e3,
        histogram.getMaxValue() / 1e3,
        events == 0 ? 0 : control.measuredCpuSeconds() * 1e6 / events,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }
}
