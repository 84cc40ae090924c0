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
    var json = new StringBuilder("{\n");
    json.append("  \"benchmark\": \"FanoutBench\",\n");
    json.append("  \"date\": ").append(JsonText.quote(date.toString())).append(",\n");
    json.append("  \"machine\": ").append(machine.json()).append(",\n");
    json.append(
        String.format(
            Locale.ROOT,
            "  \"settings\": {%n    \"warmupSeconds\": %.1f,%n    \"measureSeconds\": %.1f,%n"
                + "    \"callers\": %d,%n    \"callerThreads\": %d,%n    \"seed\": %d,%n"
                + "    \"fsync\": %s,%n    \"dataDir\": %s%n  },%n",
            settings.warmup().toMillis() / 1000.0,
            settings.measure().toMillis() / 1000.0,
            settings.callers(),
            settings.callerThreads(),
            settings.seed(),
            JsonText.quote(settings.fsync()),
            JsonText.quote(settings.dataDir().toString())));
    json.append("  \"results\": [\n");
    json.append(
        JsonText.lines(
            results,
            r ->
                String.format(
                    Locale.ROOT,
                    "    {\"subscribers\": %d, \"callers\": %d, \"seconds\": %.3f, \"posts\": %d,"
                        + " \"deliveries\": %d, \"postsPerSecond\": %.1f, \"deliveriesPerSecond\": %.1f,"
                        + " \"keptUp\": %.3f, \"delayP50Micros\": %.1f, \"delayP99Micros\": %.1f,"
                        + " \"delayMaxMicros\": %.1f, \"postP50Micros\": %.1f, \"postP99Micros\": %.1f,"
                        + " \"drainSeconds\": %.2f, \"exactlyOnce\": %b, \"missing\": %d,"
                        + " \"cpuMicrosPerTx\": %.2f, \"loadAverage\": %.2f}",
                    r.subscribers(),
                    r.callers(),
                    r.seconds(),
                    r.posts(),
                    r.deliveries(),
                    r.postsPerSecond(),
                    r.deliveriesPerSecond(),
                    r.keptUp(),
                    r.delayP50Micros(),
                    r.delayP99Micros(),
                    r.delayMaxMicros(),
                    r.postP50Micros(),
                    r.postP99Micros(),
                    r.drainSeconds(),
                    r.exactlyOnce(),
                    r.missing(),
                    r.cpuMicrosPerTx(),
                    r.loadAverage())));
    json.append("  ]\n}\n");
    return json.toString();
  }
}
