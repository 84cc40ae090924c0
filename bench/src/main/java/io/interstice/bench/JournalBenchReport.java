package io.interstice.bench;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
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
  private final List<ReplayResult> replays;

  JournalBenchReport(
      OffsetDateTime date,
      Machine machine,
      BenchSettings settings,
      List<RunResult> results,
      List<ReplayResult> replays) {
    this.date = date;
    this.machine = machine;
    this.settings = settings;
    this.results = List.copyOf(results);
    this.replays = List.copyOf(replays);
  }

  /** The row of {@code kind} with {@code actors} actors writing one event at a time. */
  Optional<RunResult> find(JournalKind kind, int actors) {
    return find(kind, actors, 1);
  }

  Optional<RunResult> find(JournalKind kind, int actors, int batch) {
    return results.stream()
        .filter(r -> r.journal().equals(kind.label) && r.actors() == actors && r.batch() == batch)
        .findFirst();
  }

  /** Events/s of the binary log divided by those of {@code peer}, one event per write. */
  Optional<Double> ratio(JournalKind peer, int actors) {
    return ratio(peer, actors, 1);
  }

  /** Events/s of the binary log divided by those of {@code peer}, same actors and batch. */
  Optional<Double> ratio(JournalKind peer, int actors, int batch) {
    var binary = find(JournalKind.BINARY_LOG, actors, batch);
    var other = find(peer, actors, batch);
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
        "| journal | actors | batch | events/s | p50 µs | p90 µs | p99 µs | p99.9 µs | max µs"
            + " | CPU µs/event | events | load |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (var r : results) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f | %.1f | %,d | %.1f"
                  + " |%n",
              r.journal(),
              r.actors(),
              r.batch(),
              r.eventsPerSecond(),
              r.p50Micros(),
              r.p90Micros(),
              r.p99Micros(),
              r.p999Micros(),
              r.maxMicros(),
              r.cpuMicrosPerEvent(),
              r.events(),
              r.loadAverage()));
    }
    md.append('\n');
    for (int actors : settings.actorCounts()) {
      for (int batch : settings.batches()) {
        for (var peer : List.of(JournalKind.NAIVE, JournalKind.JDBC, JournalKind.INMEM)) {
          ratio(peer, actors, batch)
              .ifPresent(
                  x ->
                      md.append(
                          String.format(
                              Locale.ROOT,
                              "- binary-log / %s, %d actor(s), batch %d: **%.2fx**%n",
                              peer.label,
                              actors,
                              batch,
                              x)));
        }
      }
    }
    if (!replays.isEmpty()) {
      md.append(
          "\n| journal | replayed events | replay ms | events/s | written in s | max heap MiB |\n");
      md.append("|---|---:|---:|---:|---:|---:|\n");
      for (var r : replays) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %,d | %,d | %,.0f | %.1f | %,d |%n",
                r.journal(),
                r.replayedEvents(),
                r.replayMillis(),
                r.eventsPerSecond(),
                r.writeSeconds(),
                r.maxHeapMiB()));
      }
      md.append('\n');
    }
    if (results.isEmpty()) {
      // A replay-only run (--actors=) has no write rows to hold to the write targets.
      return md.toString();
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
    var json = ReportJson.object().put("benchmark", "JournalBench").put("date", date.toString());
    json.set("machine", machine.json());
    json.putObject("settings")
        .put("jvmWarmupSeconds", seconds(settings.jvmWarmup()))
        .put("warmupSeconds", seconds(settings.warmup()))
        .put("measureSeconds", seconds(settings.measure()))
        .put("payloadBytes", settings.payloadBytes())
        .put("replayEvents", settings.replayEvents())
        .put("fsync", settings.fsync())
        .put("dataDir", settings.dataDir().toString());
    var rows = json.putArray("results");
    for (var r : results) {
      rows.addObject()
          .put("journal", r.journal())
          .put("actors", r.actors())
          .put("batch", r.batch())
          .put("events", r.events())
          .put("seconds", ReportJson.rounded(r.seconds(), 3))
          .put("eventsPerSecond", ReportJson.rounded(r.eventsPerSecond(), 1))
          .put("p50Micros", ReportJson.rounded(r.p50Micros(), 1))
          .put("p90Micros", ReportJson.rounded(r.p90Micros(), 1))
          .put("p99Micros", ReportJson.rounded(r.p99Micros(), 1))
          .put("p999Micros", ReportJson.rounded(r.p999Micros(), 1))
          .put("maxMicros", ReportJson.rounded(r.maxMicros(), 1))
          .put("cpuMicrosPerEvent", ReportJson.rounded(r.cpuMicrosPerEvent(), 2))
          .put("loadAverage", ReportJson.rounded(r.loadAverage(), 2));
    }
    var replayRows = json.putArray("replay");
    for (var r : replays) {
      replayRows
          .addObject()
          .put("journal", r.journal())
          .put("events", r.events())
          .put("replayedEvents", r.replayedEvents())
          .put("replayMillis", r.replayMillis())
          .put("eventsPerSecond", ReportJson.rounded(r.eventsPerSecond(), 0))
          .put("writeSeconds", ReportJson.rounded(r.writeSeconds(), 1))
          .put("maxHeapMiB", r.maxHeapMiB());
    }
    var ratios = json.putObject("ratios");
    for (int actors : settings.actorCounts()) {
      for (int batch : settings.batches()) {
        for (var peer : List.of(JournalKind.NAIVE, JournalKind.JDBC, JournalKind.INMEM)) {
          // Batch 1 keeps the key it always had, so that older reports compare.
          var key = "binary-log/" + peer.label + "@" + actors + (batch == 1 ? "" : "x" + batch);
          ratio(peer, actors, batch).ifPresent(x -> ratios.put(key, ReportJson.rounded(x, 3)));
        }
      }
    }
    var targets = json.putObject("targets");
    targets
        .putObject("eventsPerSecondWith" + TARGET_ACTORS + "Actors")
        .put("target", ReportJson.rounded(TARGET_EVENTS_PER_SECOND, 0))
        .put(
            "actual",
            ReportJson.rounded(
                find(JournalKind.BINARY_LOG, TARGET_ACTORS)
                    .map(RunResult::eventsPerSecond)
                    .orElse(0.0),
                1))
        .put("met", throughputTargetMet());
    targets
        .putObject("ratioVsNaiveWith" + TARGET_ACTORS + "Actors")
        .put("target", ReportJson.rounded(TARGET_RATIO_VS_NAIVE, 0))
        .put("actual", ReportJson.rounded(ratio(JournalKind.NAIVE, TARGET_ACTORS).orElse(0.0), 2))
        .put("met", ratioTargetMet());
    return ReportJson.text(json);
  }

  private static BigDecimal seconds(Duration d) {
    return ReportJson.rounded(d.toMillis() / 1000.0, 1);
  }
}
