package io.interstice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;

/**
 * What one row of {@link HttpBench} measured, on the side that sent the calls: the bench's own JVM
 * for the in-process row, the {@link HttpLoad} process for the others (which hands it over as one
 * JSON line, {@link #json()} read back by {@link #of(JsonNode)}).
 *
 * @param row {@code in-process}, {@code http} or {@code websocket}
 * @param connections connections the calls went over (0 in process)
 * @param inFlight calls in flight at any time: the closed-loop callers
 * @param committed transfers committed during the measurement
 * @param refused transfers refused for insufficient funds during the measurement
 * @param seconds length of the measurement
 * @param p50Micros median latency from sending a transfer to reading its answer, committed and
 *     refused
 * @param p99Micros 99th percentile of that latency
 * @param maxMicros slowest answer
 * @param loadAverage the machine's one-minute load average when the measurement ended
 * @param senderCpuMicros CPU time per answered call of the process that sent the calls: the whole
 *     node for the in-process row, the load process alone for the others
 */
record HttpBenchResult(
    String row,
    int connections,
    int inFlight,
    long committed,
    long refused,
    double seconds,
    double p50Micros,
    double p99Micros,
    double maxMicros,
    double loadAverage,
    double senderCpuMicros) {

  static final String IN_PROCESS = "in-process";
  static final String HTTP = "http";
  static final String WEBSOCKET = "websocket";
  static final String WEBSOCKET_BATCHED = "websocket-batched";

  double committedPerSecond() {
    return seconds == 0 ? 0 : committed / seconds;
  }

  double refusedPerSecond() {
    return seconds == 0 ? 0 : refused / seconds;
  }

  static HttpBenchResult of(String row, int connections, int inFlight, ClosedLoop.Counted counted) {
    var latencies = counted.latencies();
    return new HttpBenchResult(
        row,
        connections,
        inFlight,
        counted.committed(),
        counted.refused(),
        counted.seconds(),
        latencies.getValueAtPercentile(50) / 1e3,
        latencies.getValueAtPercentile(99) / 1e3,
        latencies.getMaxValue() / 1e3,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        counted.cpuMicrosPerAnswer());
  }

  /** This row with its figures rounded as the reports state them. */
  ObjectNode json() {
    return ReportJson.object()
        .put("row", row)
        .put("connections", connections)
        .put("inFlight", inFlight)
        .put("committed", committed)
        .put("refused", refused)
        .put("seconds", ReportJson.rounded(seconds, 3))
        .put("committedPerSecond", ReportJson.rounded(committedPerSecond(), 1))
        .put("refusedPerSecond", ReportJson.rounded(refusedPerSecond(), 1))
        .put("p50Micros", ReportJson.rounded(p50Micros, 1))
        .put("p99Micros", ReportJson.rounded(p99Micros, 1))
        .put("maxMicros", ReportJson.rounded(maxMicros, 1))
        .put("loadAverage", ReportJson.rounded(loadAverage, 2))
        .put("senderCpuMicros", ReportJson.rounded(senderCpuMicros, 1));
  }

  /** The row {@link #json()} wrote. */
  static HttpBenchResult of(JsonNode json) {
    return new HttpBenchResult(
        json.get("row").asText(),
        json.get("connections").asInt(),
        json.get("inFlight").asInt(),
        json.get("committed").asLong(),
        json.get("refused").asLong(),
        json.get("seconds").asDouble(),
        json.get("p50Micros").asDouble(),
        json.get("p99Micros").asDouble(),
        json.get("maxMicros").asDouble(),
        json.get("loadAverage").asDouble(),
        json.get("senderCpuMicros").asDouble());
  }
}
