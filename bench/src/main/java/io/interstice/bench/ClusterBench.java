package io.interstice.bench;

import java.nio.file.Files;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A cluster of real {@code interstice node} processes on 127.0.0.1, measured two ways: how long a
 * module takes to serve again after the node running it is killed with {@code kill -9} (three
 * nodes, {@link FailoverTrials}), and how many durable calls per second the WebSocket call channel
 * carries against one node and against several with the calls spread over all of them ({@link
 * ClusterCallRow}). Prints a markdown table and writes {@code cluster-bench.json} and {@code
 * cluster-bench.md} to the output directory. Every node it starts is killed when it ends, failed or
 * not.
 *
 * <p>Run from the repository root (see bench/README.md):
 *
 * <pre>
 * java -cp "bench/target/interstice-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
 *     io.interstice.bench.ClusterBench [--quick] [--trials=5] ...
 * </pre>
 */
public final class ClusterBench {
  private static final String REPORT = "cluster-bench";

  private ClusterBench() {}

  public static void main(String[] args) throws Exception {
    var settings = ClusterBenchSettings.parse(args);
    Files.createDirectories(settings.dataDir());
    var machine = Machine.describe(settings.dataDir());
    var loadBefore = HttpBench.loadAverages();
    System.out.printf(
        Locale.ROOT,
        "ClusterBench: %s; load average %s; data in %s%n",
        machine.summary(),
        loadBefore,
        settings.dataDir());
    machine.warnIfNotDurable("always");
    List<FailoverTrial> trials = List.of();
    if (settings.trials() > 0) {
      System.out.printf(
          "failover: %d trials on %d nodes%n", settings.trials(), FailoverTrials.NODES);
      var dir = settings.dataDir().resolve("failover");
      JournalBench.wipe(dir);
      trials = FailoverTrials.run(dir, settings.trials());
    }
    var calls = new ArrayList<ClusterCallsResult>();
    for (int nodes : settings.nodes()) {
      // With one node every call is direct: the routings do not differ.
      var routings = nodes == 1 ? settings.routings().subList(0, 1) : settings.routings();
      for (var routing : routings) {
        System.out.printf(
            Locale.ROOT,
            "calls: %d node(s), %s, %d banks, %,d callers over %d connections%n",
            nodes,
            routing.label(),
            settings.modules(),
            settings.callers(),
            settings.connections());
        var dir = settings.dataDir().resolve("calls-" + nodes + "-" + routing.label());
        JournalBench.wipe(dir);
        calls.add(printed(ClusterCallRow.run(dir, nodes, routing, settings)));
      }
    }
    var report =
        new ClusterBenchReport(
            OffsetDateTime.now(),
            machine,
            loadBefore,
            HttpBench.loadAverages(),
            settings,
            trials,
            calls);
    Files.createDirectories(settings.outDir());
    Files.writeString(settings.outDir().resolve(REPORT + ".json"), report.json());
    Files.writeString(settings.outDir().resolve(REPORT + ".md"), report.markdown());
    System.out.println();
    System.out.print(report.markdown());
    System.out.println();
    System.out.println("written to " + settings.outDir().resolve(REPORT + ".{json,md}"));
  }

  private static ClusterCallsResult printed(ClusterCallsResult r) {
    System.out.printf(
        Locale.ROOT,
        "  %d node(s), %s, banks %s, %.0f %% across nodes: %,9.0f calls/s %,7.0f refused/s  p50"
            + " %,8.0f us  p99 %,8.0f us  node CPU %.1f us/call  load %.1f%n",
        r.nodes(),
        r.routing(),
        r.placement(),
        r.crossingShare() * 100,
        r.callsPerSecond(),
        r.refusedPerSecond(),
        r.p50Micros(),
        r.p99Micros(),
        r.nodeCpuMicros(),
        r.loadAverage());
    return r;
  }
}
