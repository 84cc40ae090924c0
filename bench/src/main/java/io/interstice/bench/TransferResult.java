package io.interstice.bench;

import java.lang.management.ManagementFactory;

/**
 * What one transfer row measured.
 *
 * @param journal the journal's label
 * @param callers concurrent closed-loop callers
 * @param committed transfers committed during the measurement
 * @param refused transfers refused for insufficient funds during the measurement (transactions too,
 *     answered after the batch they were part of is durable, but they change nothing and are not
 *     logged)
 * @param seconds length of the measurement
 * @param p50Micros median call-to-reply latency of committed and refused transfers
 * @param p99Micros 99th percentile call-to-reply latency
 * @param maxMicros slowest call-to-reply latency
 * @param cpuMicrosPerTx CPU time of the whole process (all threads, GC and the callers included)
 *     per answered transfer, committed or refused
 * @param loadAverage the machine's one-minute load average when the measurement ended
 */
record TransferResult(
    String journal,
    int callers,
    long committed,
    long refused,
    double seconds,
    double p50Micros,
    double p99Micros,
    double maxMicros,
    double cpuMicrosPerTx,
    double loadAverage) {

  double committedPerSecond() {
    return committed / seconds;
  }

  double refusedPerSecond() {
    return refused / seconds;
  }

  static TransferResult of(TransferJournal journal, int callers, ClosedLoop.Counted counted) {
    var latencies = counted.latencies();
    return new TransferResult(
        journal.label,
        callers,
        counted.committed(),
        counted.refused(),
        counted.seconds(),
        latencies.percentileNanos(0.50) / 1e3,
        latencies.percentileNanos(0.99) / 1e3,
        latencies.maxNanos() / 1e3,
        counted.cpuMicrosPerAnswer(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }
}
