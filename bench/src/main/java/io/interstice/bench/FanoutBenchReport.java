package io.interstice.bench;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

/** The results of one {@link FanoutBench} run as JSON and as a markdown table. */
final class FanoutBenchReport {
  private final OffsetDateTime date;
  private final Machine machine;
  private final FanoutSettings settings;
  private final List<FanoutResult> results;

  FanoutBenchReport(
      OffsetDateTime date, Machine machine, FanoutSettings settings, List<FanoutResult> results) {
    this.date = date;
    this.machine = machine;
    this.settings = settings;
    this.results = List.copyOf(results);
  }

  String markdown() {
    var md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "FanoutBench, %s: %s; one feed module,"
                + " N subscriber modules of feed.posts.insert, %d closed-loop callers posting;"
                + " binary log with fsync = %s, snapshots off; %.0f s warm-up and %.0f s measured"
                + " per row%n%n",
            date.withNano(0),
            machine.summary(),
            settings.callers(),
            settings.fsync(),
            settings.warmup().toMillis() / 1000.0,
            settings.measure().toMillis() / 1000.0));
    md.append(
        "| subscribers | posts/s | deliveries/s | kept up | delay p50 µs | delay p99 µs |"
            + " delay max µs | post p50 µs | drain s | exactly once | CPU µs/tx | load |\n");
    md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|\n");
    for (var r : results) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %,.0f | %,.0f | %.0f %% | %,.0f | %,.0f | %,.0f | %,.0f | %.1f | %s | %.1f |"
                  + " %.1f |%n",
              r.subscribers(),
              r.postsPerSecond(),
              r.deliveriesPerSecond(),
              r.keptUp() * 100,
              r.delayP50Micros(),
              r.delayP99Micros(),
              r.delayMaxMicros(),
              r.postP50Micros(),
              r.drainSeconds(),
              r.exactlyOnce() ? "yes" : "**no** (" + r.missing() + " missing)",
              r.cpuMicrosPerTx(),
              r.loadAverage()));
    }
    md.append(
        "\n- posts/s: posts committed in the window; deliveries/s: subscriber transactions (all"
            + " subscribers) committed in it; kept up: deliveries / (posts x subscribers).\n"
            + "- delay: from a post's commit to the commit of its delivery, over every subscriber,"
            + " for the window's posts (transaction timestamps, one clock); drain: from the"
            + " callers' stop until the last delivery.\n");
    return md.toString();
  }

  String json() {
    var json = ReportJson.object().put("benchmark", "FanoutBench").put("date", date.toString());
    json.set("machine", machine.json());
    json.putObject("settings")
        .put("warmupSeconds", ReportJson.rounded(settings.warmup().toMillis() / 1000.0, 1))
        .put("measureSeconds", ReportJson.rounded(settings.measure().toMillis() / 1000.0, 1))
        .put("callers", settings.callers())
        .put("callerThreads", settings.callerThreads())
        .put("seed", settings.seed())
        .put("fsync", settings.fsync())
        .put("dataDir", settings.dataDir().toString());
    var rows = json.putArray("results");
    for (var r : results) {
      rows.addObject()
          .put("subscribers", r.subscribers())
          .put("callers", r.callers())
          .put("seconds", ReportJson.rounded(r.seconds(), 3))
          .put("posts", r.posts())
          .put("deliveries", r.deliveries())
          .put("postsPerSecond", ReportJson.rounded(r.postsPerSecond(), 1))
          .put("deliveriesPerSecond", ReportJson.rounded(r.deliveriesPerSecond(), 1))
          .put("keptUp", ReportJson.rounded(r.keptUp(), 3))
          .put("delayP50Micros", ReportJson.rounded(r.delayP50Micros(), 1))
          .put("delayP99Micros", ReportJson.rounded(r.delayP99Micros(), 1))
          .put("delayMaxMicros", ReportJson.rounded(r.delayMaxMicros(), 1))
          .put("postP50Micros", ReportJson.rounded(r.postP50Micros(), 1))
          .put("postP99Micros", ReportJson.rounded(r.postP99Micros(), 1))
          .put("drainSeconds", ReportJson.rounded(r.drainSeconds(), 2))
          .put("exactlyOnce", r.exactlyOnce())
          .put("missing", r.missing())
          .put("cpuMicrosPerTx", ReportJson.rounded(r.cpuMicrosPerTx(), 2))
          .put("loadAverage", ReportJson.rounded(r.loadAverage(), 2));
    }
    return ReportJson.text(json);
  }
}
