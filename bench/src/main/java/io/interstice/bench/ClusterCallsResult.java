package io.interstice.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One call row of {@link ClusterBench}: durable bank transfers through the WebSocket call channel
 * against a cluster of {@code nodes} node processes.
 *
 * @param nodes node processes in the cluster
 * @param routing where the calls were sent: {@code spread} (any node) or {@code direct} (the node
 *     running the call's bank)
 * @param modules bank modules the calls went to
 * @param placement how many banks each node ran, in node order ({@code 2/2/2})
 * @param connections WebSocket connections, spread over the nodes in turn
 * @param callers closed-loop callers, over all connections
 * @param crossingShare share of the calls sent to a node that did not run their bank
 * @param committed transfers committed during the measurement
 * @param refused transfers refused for insufficient funds during the measurement
 * @param seconds length of the measurement
 * @param p50Micros median latency from {@code callAsync} to the answer, committed and refused
 * @param p99Micros 99th percentile of that latency
 * @param maxMicros slowest answer
 * @param loadCpuMicros CPU time of the bench's JVM (the callers and clients) per answered call
 * @param nodeCpuMicros CPU time of all node processes together per answered call
 * @param loadAverage the machine's one-minute load average when the measurement ended
 */
record ClusterCallsResult(
    int nodes,
    String routing,
    int modules,
    String placement,
    int connections,
    int callers,
    double crossingShare,
    long committed,
    long refused,
    double seconds,
    double p50Micros,
    double p99Micros,
    double maxMicros,
    double loadCpuMicros,
    double nodeCpuMicros,
    double loadAverage) {

  double callsPerSecond() {
    return seconds == 0 ? 0 : committed / seconds;
  }

  double refusedPerSecond() {
    return seconds == 0 ? 0 : refused / seconds;
  }

  ObjectNode json() {
    return ReportJson.object()
        .put("nodes", nodes)
        .put("routing", routing)
        .put("modules", modules)
        .put("placement", placement)
        .put("connections", connections)
        .put("callers", callers)
        .put("crossingShare", ReportJson.rounded(crossingShare, 3))
        .put("committed", committed)
        .put("refused", refused)
        .put("seconds", ReportJson.rounded(seconds, 3))
        .put("callsPerSecond", ReportJson.rounded(callsPerSecond(), 1))
        .put("refusedPerSecond", ReportJson.rounded(refusedPerSecond(), 1))
        .put("p50Micros", ReportJson.rounded(p50Micros, 1))
        .put("p99Micros", ReportJson.rounded(p99Micros, 1))
        .put("maxMicros", ReportJson.rounded(maxMicros, 1))
        .put("loadCpuMicros", ReportJson.rounded(loadCpuMicros, 1))
        .put("nodeCpuMicros", ReportJson.rounded(nodeCpuMicros, 1))
        .put("loadAverage", ReportJson.rounded(loadAverage, 2));
  }
}
