package io.interstice.bench;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The results of one {@link JournalBench} run as JSON and as a markdown table, with the ratios of
 * the binary log against its peers measured in the same run and the targets it is held to.
 */
final class JournalBenchReport {
  /** Durable events per second the binary log must reach with this many actors. */
  static final int TARGET_ACTORS = 100;

  static final double TARGET_EVENTS_PER_SECOND = 100_000;
  static final double TARGET_RATIO_VS_NAIVE = 20;

  private final OffsetDateTime date;
  private final Machine machine;
  private final BenchSettings settings;
  private final List<RunResult> results;

  JournalBenchReport(
      OffsetDateTime date, Machine machine, BenchSettings settings, List<RunResult> results) {
    this.date = date;
    this.machine = machine;
    this.settings = settings;
    this.results = List.copyOf(results);
  }

  Optional<RunResult> find(JournalKind kind, int actors) {
    return results.stream()
        .filter(r -> r.journal().equals(kind.label) && r.actors() == actors)
        .findFirst();
  }

  /** Events/s of the binary log divided by those of {@code peer}, same actor count. */
  Optional<Double> ratio(JournalKind peer, int actors) {
    var binary = find(JournalKind.BINARY_LOG, actors);
    var other = find(peer, actors);
    if (binary.isEmpty() || other.isEmpty() || other.get().eventsPerSecond() == 0) {
      return Optional.empty();
    }
    return Optional.of(binary.get().eventsPerSecond() / other.get().eventsPerSecond());
  }

  boolean throughputTargetMet() {
    return find(JournalKind.BINARY_LOG, TARGET_ACTORS)
        .map(r -> r.eventsPerSecond() >= TARGET_EVENTS_PER_SECOND)
        .orElse(false);
  }

  boolean ratioTargetMet() {
    return ratio(JournalKind.NAIVE, TARGET_ACTORS)
        .map(r -> r >= TARGET_RATIO_VS_NAIVE)
        .orElse(false);
  }

  String markdown() {
    var md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "JournalBench, %s: %d cpu(s) %s, %s, %s, data on %s; %d-byte events, binary log"
                + " fsync = %s; %.0f s JIT warm-up, then %.0f s warm-up and %.0f s measured per row%n%n",
            date.withNano(0),
            machine.cpus(),
            machine.cpuModel(),
            machine.os(),
            machine.jvm(),
            machine.disk(),
            settings.payloadBytes(),
            settings.fsync(),
            settings.jvmWarmup().toMillis() / 1000.0,
            settings.warmup().toMillis() / 1000.0,
            settings.measure().toMillis() / 1000.0));
    md.append(
        "| journal | actors | events/s | p50 µs | p99 µs | max µs | CPU µs/event | events | load |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (var r : results) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %,.0f | %,.0f | %,.0f | %,.0f | %.1f | %,d | %.1f |%n",
              r.journal(),
              r.actors(),
              r.eventsPerSecond(),
              r.p50Micros(),
              r.p99Micros(),
              r.maxMicros(),
              r.cpuMicrosPerEvent(),
              r.events(),
              r.loadAverage()));
    }
    md.append('\n');
    for (int actors : settings.actorCounts()) {
      ratio(JournalKind.NAIVE, actors)
          .ifPresent(
              x ->
                  md.append(
                      String.format(
                          Locale.ROOT,
                          "- binary-log / naive-fsync-per-event, %d actor(s): **%.1fx**%n",
                          actors,
                          x)));
      ratio(JournalKind.INMEM, actors)
          .ifPresent(
              x ->
                  md.append(
                      String.format(
                          Locale.ROOT,
                          "- binary-log / inmem (ceiling), %d actor(s): %.0f %%%n",
                          actors,
                          x * 100)));
    }
    md.append(
        String.format(
            Locale.ROOT,
            "- target %,.0f durable events/s with %d actors: %s%n",
            TARGET_EVENTS_PER_SECOND,
            TARGET_ACTORS,
            throughputTargetMet() ? "met" : "NOT met"));
    md.append(
        String.format(
            Locale.ROOT,
            "- target %.0fx the naive baseline with %d actors: %s%n",
            TARGET_RATIO_VS_NAIVE,
            TARGET_ACTORS,
            ratioTargetMet() ? "met" : "NOT met"));
    return md.toString();
  }

  String json() {
    var json = new StringBuilder("{\n");
    json.append("  \"benchmark\": \"JournalBench\",\n");
    json.append("  \"date\": ").append(JsonText.quote(date.toString())).append(",\n");
    json.append("  \"machine\": ").append(machine.json()).append(",\n");
    json.append("  \"settings\": {\n");
    json.append("    \"jvmWarmupSeconds\": ").append(seconds(settings.jvmWarmup())).append(",\n");
    json.append("    \"warmupSeconds\": ").append(seconds(settings.warmup())).append(",\n");
    json.append("    \"measureSeconds\": ").append(seconds(settings.measure())).append(",\n");
    json.append("    \"payloadBytes\": ").append(settings.payloadBytes()).append(",\n");
    json.append("    \"fsync\": ").append(JsonText.quote(settings.fsync())).append(",\n");
    json.append("    \"dataDir\": ")
        .append(JsonText.quote(settings.dataDir().toString()))
        .append("\n  },\n");
    json.append("  \"results\": [\n");
    json.append(
        JsonText.lines(
            results,
            r ->
                String.format(
                    Locale.ROOT,
                    "    {\"journal\": %s, \"actors\": %d, \"events\": %d, \"seconds\": %.3f,"
                        + " \"eventsPerSecond\": %.1f, \"p50Micros\": %.1f, \"p99Micros\": %.1f,"
                        + " \"maxMicros\": %.1f, \"cpuMicrosPerEvent\": %.2f, \"loadAverage\": %.2f}",
                    JsonText.quote(r.journal()),
                    r.actors(),
                    r.events(),
                    r.seconds(),
                    r.eventsPerSecond(),
                    r.p50Micros(),
                    r.p99Micros(),
                    r.maxMicros(),
                    r.cpuMicrosPerEvent(),
                    r.loadAverage())));
    json.append("  ],\n  \"ratios\": {\n");
    var ratios = new ArrayList<String>();
    for (int actors : settings.actorCounts()) {
      for (var peer : List.of(JournalKind.NAIVE, JournalKind.INMEM)) {
        ratio(peer, actors)
            .ifPresent(
                x ->
                    ratios.add(
                        String.format(
                            Locale.ROOT, "    \"binary-log/%s@%d\": %.3f", peer.label, actors, x)));
      }
    }
    json.append(String.join(",\n", ratios)).append(ratios.isEmpty() ? "" : "\n").append("  },\n");
    json.append("  \"targets\": {\n");
    json.append(
        String.format(
            Locale.ROOT,
            "    \"eventsPerSecondWith%dActors\": {\"target\": %.0f, \"actual\": %.1f,"
                + " \"met\": %b},%n",
            TARGET_ACTORS,
            TARGET_EVENTS_PER_SECOND,
            find(JournalKind.BINARY_LOG, TARGET_ACTORS).map(RunResult::eventsPerSecond).orElse(0.0),
            throughputTargetMet()));
    json.append(
        String.format(
            Locale.ROOT,
            "    \"ratioVsNaiveWith%dActors\": {\"target\": %.0f, \"actual\": %.2f,"
                + " \"met\": %b}%n",
            TARGET_ACTORS,
            TARGET_RATIO_VS_NAIVE,
            ratio(JournalKind.NAIVE, TARGET_ACTORS).orElse(0.0),
            ratioTargetMet()));
    json.append("  }\n}\n");
    return json.toString();
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f", d.toMillis() / 1000.0);
  }
}
