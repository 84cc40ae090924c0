package io.interstice.bench;

import java.lang.management.ManagementFactory;

/**
 * What one transfer row measured.
 *
 * @param module the bank module's label ({@link TransferModule})
 * @param journal the journal's label
 * @param callers concurrent closed-loop callers
 * @param committed transfers committed during the measurement
 * @param refused transfers refused for insufficient funds during the measurement (transactions too,
 *     answered after the batch they were part of is durable, but they change nothing and are not
 *     logged)
 * @param seconds length of the measurement
 * @param p50Micros median call-to-reply latency of committed and refused transfers
 * @param p90Micros 90th percentile call-to-reply latency
 * @param p99Micros 99th percentile call-to-reply latency
 * @param p999Micros 99.9th percentile call-to-reply latency
 * @param maxMicros slowest call-to-reply latency
 * @param cpuMicrosPerTx CPU time of the whole process (all threads, GC and the callers included)
 *     per answered transfer, committed or refused
 * @param loadAverage the machine's one-minute load average when the measurement ended
 * @param firstCallMillis the first call after the deploy (opening the first account), which pays
 *     the module's one-time costs such as compiling a WebAssembly module; before the warm-up
 * @param openSeconds opening all the accounts, first call included; before the warm-up
 */
record TransferResult(
    String module,
    String journal,
    int callers,
    long committed,
    long refused,
    double seconds,
    double p50Micros,
    double p90Micros,
    double p99Micros,
    double p999Micros,
    double maxMicros,
    double cpuMicrosPerTx,
    double loadAverage,
    long firstCallMillis,
    double openSeconds) {

  double committedPerSecond() {
    return committed / seconds;
  }

  double refusedPerSecond() {
    return refused / seconds;
  }

  static TransferResult of(
      TransferModule module,
      TransferJournal journal,
      int callers,
      ClosedLoop.Counted counted,
      long firstCallMillis,
      double openSeconds) {
    var latencies = counted.latencies();
    return new TransferResult(
        module.label,
        journal.label,
        callers,
        counted.committed(),
        counted.refused(),
        counted.seconds(),
        latencies.getValueAtPercentile(50) / 1e3,
        latencies.getValueAtPercentile(90) / 1e3,
        latencies.getValueAtPercentile(99) / 1e3,
        latencies.getValueAtPercentile(99.9) / 1e3,
        latencies.getMaxValue() / 1e3,
        counted.cpuMicrosPerAnswer(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        firstCallMillis,
        openSeconds);
  }
}
