package io.interstice.bench;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The report of one {@link ClusterBench} run: every failover trial with their median, minimum and
 * maximum against the local cluster's 10 s budget, and every call row with the ratio of the largest
 * cluster's calls/s to the single node's.
 *
 * <p>Thread-safety: immutable.
 */
final class ClusterBenchReport {
  /** The local cluster's budget from a kill to the module serving again (common.conf). */
  static final double FAILOVER_BUDGET_MILLIS = 10_000;

  private final OffsetDateTime date;
  private final Machine machine;
  private final String loadBefore;
  private final String loadAfter;
  private final ClusterBenchSettings settings;
  private final List<FailoverTrial> trials;
  private final List<ClusterCallsResult> calls;

  ClusterBenchReport(
      OffsetDateTime date,
      Machine machine,
      String loadBefore,
      String loadAfter,
      ClusterBenchSettings settings,
      List<FailoverTrial> trials,
      List<ClusterCallsResult> calls) {
    this.date = date;
    this.machine = machine;
    this.loadBefore = loadBefore;
    this.loadAfter = loadAfter;
    this.settings = settings;
    this.trials = List.copyOf(trials);
    this.calls = List.copyOf(calls);
  }

  /** The median failover time (the mean of the middle two for an even count), if any trial ran. */
  Optional<Double> medianFailoverMillis() {
    var sorted = trials.stream().mapToDouble(FailoverTrial::serveMillis).sorted().toArray();
    if (sorted.length == 0) {
      return Optional.empty();
    }
    int mid = sorted.length / 2;
    return Optional.of(sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2);
  }

  private double minFailoverMillis() {
    return trials.stream().mapToDouble(FailoverTrial::serveMillis).min().orElse(Double.NaN);
  }

  private double maxFailoverMillis() {
    return trials.stream().mapToDouble(FailoverTrial::serveMillis).max().orElse(Double.NaN);
  }

  /**
   * Calls/s of the largest cluster's row with {@code routing} divided by the single node's, when
   * both ran: how the throughput scales with nodes on this machine.
   */
  Optional<Double> scaling(String routing) {
    var single = calls.stream().filter(r -> r.nodes() == 1).findFirst();
    var largest =
        calls.stream()
            .filter(r -> r.nodes() > 1 && r.routing().equals(routing))
            .reduce((a, b) -> a.nodes() >= b.nodes() ? a : b);
    if (single.isEmpty() || largest.isEmpty() || single.get().callsPerSecond() == 0) {
      return Optional.empty();
    }
    return Optional.of(largest.get().callsPerSecond() / single.get().callsPerSecond());
  }

  private int largestCluster() {
    return calls.stream().mapToInt(ClusterCallsResult::nodes).max().orElse(0);
  }

  String markdown() {
    var md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "ClusterBench, %s: %s; load average (1, 5, 15 min) %s before, %s after. Every node is"
                + " a process of its own on 127.0.0.1 (local-cluster/common.conf, shard lease on,"
                + " binary log with fsync = always, one shared data directory); the nodes and the"
                + " bench's JVM, which sends the calls, share these %d cpu(s), so a larger cluster"
                + " here divides the same processors among more JVMs.%n%n",
            date.withNano(0),
            machine.summary(),
            loadBefore,
            loadAfter,
            machine.cpus()));
    if (!trials.isEmpty()) {
      failoverMarkdown(md);
    }
    if (!calls.isEmpty()) {
      callsMarkdown(md);
    }
    return md.toString();
  }

  private void failoverMarkdown(StringBuilder md) {
    md.append(
        "Failover: `kill -9` of the node running `bank` in a cluster of 3, until a survivor"
            + " answers `deposit` 200; then the node is restarted and rejoins.\n\n");
    md.append(
        "| trial | killed | moved to | served after ms | unreachable at ms | removed at ms |"
            + " attempts | failed attempts | rejoined in s |\n");
    md.append("|---:|---|---|---:|---:|---:|---:|---|---:|\n");
    for (var t : trials) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %s | %,.0f | %s | %s | %d | %s | %.1f |%n",
              t.trial(),
              t.killed(),
              t.movedTo(),
              t.serveMillis(),
              millisOrDash(t.unreachableMillis()),
              millisOrDash(t.removedMillis()),
              t.attempts(),
              failuresText(t),
              t.rejoinMillis() / 1000));
    }
    double median = medianFailoverMillis().orElseThrow();
    md.append(
        String.format(
            Locale.ROOT,
            "%n- failover over %d trials: median **%,.0f ms**, min %,.0f ms, max %,.0f ms;"
                + " budget %,.0f ms: median %s, max %s%n%n",
            trials.size(),
            median,
            minFailoverMillis(),
            maxFailoverMillis(),
            FAILOVER_BUDGET_MILLIS,
            median <= FAILOVER_BUDGET_MILLIS ? "within" : "NOT within",
            maxFailoverMillis() <= FAILOVER_BUDGET_MILLIS ? "within" : "NOT within"));
  }

  private void callsMarkdown(StringBuilder md) {
    md.append(
        String.format(
            Locale.ROOT,
            "Durable calls: `transfer` on %d banks (%,d accounts each, uniform, amounts 1..%d)"
                + " through `GET /v1/calls` with `IntersticeClient.callAsync`, %,d closed-loop"
                + " callers over %d connections spread over the nodes, sent to any node (spread) or"
                + " to the bank's node (direct); a fresh cluster per row, %.0f s warm-up, %.0f s"
                + " measured.%n%n",
            settings.modules(),
            settings.accounts(),
            ClusterBenchSettings.MAX_AMOUNT,
            settings.callers(),
            settings.connections(),
            settings.warmup().toMillis() / 1000.0,
            settings.measure().toMillis() / 1000.0));
    md.append(
        "| nodes | sent to | banks per node | connections | callers | across nodes | calls/s |"
            + " refused/s | p50 µs | p99 µs | max µs | load CPU µs/call | node CPU µs/call | load"
            + " |\n");
    md.append("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (var r : calls) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %s | %d | %,d | %.0f %% | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f | %.1f |"
                  + " %.1f | %.1f |%n",
              r.nodes(),
              r.routing(),
              r.placement(),
              r.connections(),
              r.callers(),
              r.crossingShare() * 100,
              r.callsPerSecond(),
              r.refusedPerSecond(),
              r.p50Micros(),
              r.p99Micros(),
              r.maxMicros(),
              r.loadCpuMicros(),
              r.nodeCpuMicros(),
              r.loadAverage()));
    }
    md.append('\n');
    for (var routing : ClusterCalls.Routing.values()) {
      scaling(routing.label())
          .ifPresent(
              ratio ->
                  md.append(
                      String.format(
                          Locale.ROOT,
                          "- calls/s, %d nodes (%s) / 1 node: **%.2fx** (the same %d cpu(s) for"
                              + " all)%n",
                          largestCluster(),
                          routing.label(),
                          ratio,
                          machine.cpus())));
    }
  }

  /** The failed attempts of a trial by kind, {@code 7 TIMEOUT, 1 UNAVAILABLE}, or a dash. */
  private static String failuresText(FailoverTrial trial) {
    if (trial.failures().isEmpty()) {
      return "—";
    }
    return trial.failures().entrySet().stream()
        .map(e -> e.getValue() + " " + e.getKey())
        .collect(Collectors.joining(", "));
  }

  private static String millisOrDash(double millis) {
    return millis < 0 ? "—" : String.format(Locale.ROOT, "%,.0f", millis);
  }

  String json() {
    var json = ReportJson.object().put("benchmark", "ClusterBench").put("date", date.toString());
    json.set("machine", machine.json());
    json.putObject("loadAverages").put("before", loadBefore).put("after", loadAfter);
    var settingsJson = json.putObject("settings");
    settingsJson
        .put("trials", settings.trials())
        .put("warmupSeconds", ReportJson.rounded(settings.warmup().toMillis() / 1000.0, 1))
        .put("measureSeconds", ReportJson.rounded(settings.measure().toMillis() / 1000.0, 1))
        .put("modules", settings.modules())
        .put("callers", settings.callers())
        .put("connections", settings.connections())
        .put("accounts", settings.accounts())
        .put("initialBalance", ClusterBenchSettings.INITIAL_BALANCE)
        .put("maxAmount", ClusterBenchSettings.MAX_AMOUNT)
        .put("seed", settings.seed())
        .put("fsync", "always")
        .put("dataDir", settings.dataDir().toString());
    var nodes = settingsJson.putArray("nodes");
    settings.nodes().forEach(nodes::add);
    var routings = settingsJson.putArray("routings");
    settings.routings().forEach(r -> routings.add(r.label()));
    var failover = json.putObject("failover");
    var rows = failover.putArray("trials");
    trials.forEach(t -> rows.add(t.json()));
    medianFailoverMillis()
        .ifPresent(
            median ->
                failover
                    .put("medianMillis", ReportJson.rounded(median, 1))
                    .put("minMillis", ReportJson.rounded(minFailoverMillis(), 1))
                    .put("maxMillis", ReportJson.rounded(maxFailoverMillis(), 1))
                    .put("budgetMillis", ReportJson.rounded(FAILOVER_BUDGET_MILLIS, 1))
                    .put("medianWithinBudget", median <= FAILOVER_BUDGET_MILLIS));
    var callsJson = json.putObject("calls");
    var callRows = callsJson.putArray("rows");
    calls.forEach(r -> callRows.add(r.json()));
    var ratios = callsJson.putObject("largestOverSingle");
    for (var routing : ClusterCalls.Routing.values()) {
      scaling(routing.label())
          .ifPresent(ratio -> ratios.put(routing.label(), ReportJson.rounded(ratio, 3)));
    }
    return ReportJson.text(json);
  }
}
