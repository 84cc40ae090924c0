package io.interstice.bench;

/**
 * One line of the suite's summary table: one system measured in one case of one workload.
 *
 * @param workload the workload's name
 * @param scenario what was run (actors and batch, callers, history length...)
 * @param system the system measured: a journal, a module and journal, a transport...
 * @param value the headline figure
 * @param unit its unit ({@code events/s}, {@code tx/s}, {@code ms}, {@code bytes/row})
 * @param p50Micros median latency, or NaN when the workload has none
 * @param p99Micros 99th percentile latency, or NaN
 */
record SuiteRow(
    String workload,
    String scenario,
    String system,
    double value,
    String unit,
    double p50Micros,
    double p99Micros) {

  static SuiteRow of(String workload, String scenario, String system, double value, String unit) {
    return new SuiteRow(workload, scenario, system, value, unit, Double.NaN, Double.NaN);
  }
}
