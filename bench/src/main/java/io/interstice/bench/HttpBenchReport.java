package io.interstice.bench;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The report of one {@link HttpBench} run: its rows, each row's committed transfers/s as a share of
 * the in-process row's, and whether the WebSocket call channel reached its target share.
 *
 * <p>Thread-safety: immutable.
 */
final class HttpBenchReport {
  /** Share of the in-process throughput the WebSocket call channel must reach. */
  static final double TARGET_WEBSOCKET_SHARE = 0.5;

  private final OffsetDateTime date;
  private final Machine machine;
  private final String loadBefore;
  private final String loadAfter;
  private final HttpBenchSettings settings;
  private final List<HttpBenchResult> results;

  HttpBenchReport(
      OffsetDateTime date,
      Machine machine,
      String loadBefore,
      String loadAfter,
      HttpBenchSettings settings,
      List<HttpBenchResult> results) {
    this.date = date;
    this.machine = machine;
    this.loadBefore = loadBefore;
    this.loadAfter = loadAfter;
    this.settings = settings;
    this.results = List.copyOf(results);
  }

  /** Committed transfers/s of {@code row} divided by the in-process row's, when both ran. */
  Optional<Double> shareOfInProcess(String row) {
    var base = find(HttpBenchResult.IN_PROCESS);
    var other = find(row);
    if (base.isEmpty() || other.isEmpty() || base.get().committedPerSecond() == 0) {
      return Optional.empty();
    }
    return Optional.of(other.get().committedPerSecond() / base.get().committedPerSecond());
  }

  /**
   * Whether the call channel, used as {@code IntersticeClient.callAsync} uses it (calls that wait
   * for a send leave together), reached the target share of the in-process rate.
   */
  Optional<Boolean> websocketTargetMet() {
    return shareOfInProcess(HttpBenchResult.WEBSOCKET_BATCHED)
        .map(s -> s >= TARGET_WEBSOCKET_SHARE);
  }

  private Optional<HttpBenchResult> find(String row) {
    return results.stream().filter(r -> r.row().equals(row)).findFirst();
  }

  private static String transport(String row) {
    switch (row) {
      case HttpBenchResult.IN_PROCESS:
        return "`IntersticeNode.callAsync` in the node's JVM";
      case HttpBenchResult.HTTP:
        return "`POST /v1/modules/bank/reducers/transfer`, HTTP/1.1 keep-alive, load JVM";
      case HttpBenchResult.WEBSOCKET:
        return "`GET /v1/calls` WebSocket, one call per message, load JVM";
      case HttpBenchResult.WEBSOCKET_BATCHED:
        return "`GET /v1/calls` WebSocket, waiting calls sent as one array, load JVM";
      default:
        return row;
    }
  }

  String markdown() {
    var transfer = settings.transfer();
    var md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "HttpBench, %s: %s; load average (1, 5, 15 min) %s before, %s after; one node, %,d"
                + " accounts of %,d units, Zipf exponent %.2f, amounts 1..%d; binary log with"
                + " fsync = always, snapshots off; %.0f s warm-up and %.0f s measured per row%n%n",
            date.withNano(0),
            machine.summary(),
            loadBefore,
            loadAfter,
            transfer.accounts(),
            transfer.initialBalance(),
            transfer.zipfExponent(),
            transfer.maxAmount(),
            transfer.warmup().toMillis() / 1000.0,
            transfer.measure().toMillis() / 1000.0));
    md.append(
        "| row | calls sent by | connections | in flight | committed tx/s | refused/s | p50 µs |"
            + " p99 µs | max µs | committed | refused | load | sender CPU µs/call | of in-process |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (var r : results) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %d | %,d | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f | %,d | %,d | %.1f |"
                  + " %.1f | %s |%n",
              r.row(),
              transport(r.row()),
              r.connections(),
              r.inFlight(),
              r.committedPerSecond(),
              r.refusedPerSecond(),
              r.p50Micros(),
              r.p99Micros(),
              r.maxMicros(),
              r.committed(),
              r.refused(),
              r.loadAverage(),
              r.senderCpuMicros(),
              shareOfInProcess(r.row())
                  .map(s -> String.format(Locale.ROOT, "%.0f %%", s * 100))
                  .orElse("—")));
    }
    md.append('\n');
    websocketTargetMet()
        .ifPresent(
            met ->
                md.append(
                    String.format(
                        Locale.ROOT,
                        "- target WebSocket channel (batched, as the Java client sends) >= %.0f %% of"
                            + " in-process (committed tx/s):"
                            + " %s (%.0f %%)%n",
                        TARGET_WEBSOCKET_SHARE * 100,
                        met ? "met" : "NOT met",
                        shareOfInProcess(HttpBenchResult.WEBSOCKET_BATCHED).orElseThrow() * 100)));
    return md.toString();
  }

  String json() {
    var transfer = settings.transfer();
    var json = ReportJson.object().put("benchmark", "HttpBench").put("date", date.toString());
    json.set("machine", machine.json());
    json.putObject("loadAverages").put("before", loadBefore).put("after", loadAfter);
    json.putObject("settings")
        .put("warmupSeconds", ReportJson.rounded(transfer.warmup().toMillis() / 1000.0, 1))
        .put("measureSeconds", ReportJson.rounded(transfer.measure().toMillis() / 1000.0, 1))
        .put("accounts", transfer.accounts())
        .put("initialBalance", transfer.initialBalance())
        .put("maxAmount", transfer.maxAmount())
        .put("zipfExponent", ReportJson.rounded(transfer.zipfExponent(), 3))
        .put("seed", transfer.seed())
        .put("callerThreads", transfer.callerThreads())
        .put("callers", settings.callers())
        .put("httpConnections", settings.httpConnections())
        .put("wsConnections", settings.wsConnections())
        .put("wsCallsPerConnection", settings.wsCallsPerConnection())
        .put("httpClient", settings.httpClient())
        .put("fsync", "always")
        .put("dataDir", transfer.dataDir().toString());
    var rows = json.putArray("rows");
    for (var r : results) {
      var row = r.json();
      shareOfInProcess(r.row())
          .ifPresent(s -> row.put("shareOfInProcess", ReportJson.rounded(s, 3)));
      rows.add(row);
    }
    var targets = json.putArray("targets");
    shareOfInProcess(HttpBenchResult.WEBSOCKET_BATCHED)
        .ifPresent(
            share ->
                targets
                    .addObject()
                    .put("target", "websocket / in-process, committed tx/s")
                    .put("required", ReportJson.rounded(TARGET_WEBSOCKET_SHARE, 2))
                    .put("actual", ReportJson.rounded(share, 3))
                    .put("met", share >= TARGET_WEBSOCKET_SHARE));
    return ReportJson.text(json);
  }
}
