package io.interstice.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line settings of {@link JournalBench}, each {@code --name=value}.
 *
 * @param jvmWarmup unreported run of the binary log with 100 actors before the first configuration,
 *     so that the JIT has compiled the shared paths for every row ({@code --jvm-warmup-seconds},
 *     default 5)
 * @param warmup unmeasured time per configuration ({@code --warmup-seconds}, default 4)
 * @param measure measured time per configuration ({@code --measure-seconds}, default 8)
 * @param payloadBytes payload of each event ({@code --payload-bytes}, default 100)
 * @param actorCounts concurrently persisting actors, one configuration each ({@code --actors},
 *     default 1,100; empty runs no write rows)
 * @param batches events per write, one configuration each ({@code --batch}, default 1,10)
 * @param replayEvents history length of the replay workload, run once per journal after the write
 *     rows; 0 skips it ({@code --replay-events}, default 100000)
 * @param journals journals to measure ({@code --journals}, default
 *     binary-log,naive-fsync-per-event,inmem,jdbc-postgres; jdbc-postgres starts a temporary
 *     PostgreSQL cluster)
 * @param dataDir where the journals write; wiped first ({@code --data-dir}, default
 *     bench/target/bench-data)
 * @param outDir where journal-bench.json and .md go ({@code --out}, default bench/results)
 * @param fsync the binary log's {@code interstice.journal.fsync} ({@code --fsync}, default always;
 *     other values are for diagnosis only, the naive journal always forces)
 * @param threads print CPU time per event of each thread group ({@code --threads}, default false)
 */
record BenchSettings(
    Duration jvmWarmup,
    Duration warmup,
    Duration measure,
    int payloadBytes,
    List<Integer> actorCounts,
    List<Integer> batches,
    long replayEvents,
    List<JournalKind> journals,
    Path dataDir,
    Path outDir,
    String fsync,
    boolean threads) {

  static BenchSettings parse(String[] args) {
    Duration jvmWarmup = Duration.ofSeconds(5);
    Duration warmup = Duration.ofSeconds(4);
    Duration measure = Duration.ofSeconds(8);
    int payload = 100;
    List<Integer> actors = List.of(1, 100);
    List<Integer> batches = List.of(1, 10);
    long replayEvents = 100_000;
    List<JournalKind> journals = List.of(JournalKind.values());
    Path dataDir = Path.of("bench", "target", "bench-data");
    Path out = Path.of("bench", "results");
    String fsync = "always";
    boolean threads = false;
    for (var option : Options.parse(args)) {
      var value = option.value();
      switch (option.name()) {
        case "jvm-warmup-seconds" -> jvmWarmup = Options.seconds(value);
        case "warmup-seconds" -> warmup = Options.seconds(value);
        case "measure-seconds" -> measure = Options.seconds(value);
        case "payload-bytes" -> payload = Integer.parseInt(value);
        case "actors" -> actors = Options.ints(value);
        case "batch" -> batches = Options.ints(value);
        case "replay-events" -> replayEvents = Long.parseLong(value);
        case "journals" -> journals = kinds(value);
        case "data-dir" -> dataDir = Path.of(value);
        case "out" -> out = Path.of(value);
        case "fsync" -> fsync = value;
        case "threads" -> threads = Boolean.parseBoolean(value);
        default -> throw Options.unknown(option);
      }
    }
    if (batches.stream().anyMatch(b -> b < 1) || replayEvents < 0) {
      throw new IllegalArgumentException("need --batch >= 1 and --replay-events >= 0");
    }
    return new BenchSettings(
        jvmWarmup,
        warmup,
        measure,
        payload,
        actors,
        batches,
        replayEvents,
        journals,
        dataDir.toAbsolutePath(),
        out.toAbsolutePath(),
        fsync,
        threads);
  }

  /** The same settings with other warm-up and measurement times. */
  BenchSettings withTimes(Duration newWarmup, Duration newMeasure) {
    return new BenchSettings(
        jvmWarmup,
        newWarmup,
        newMeasure,
        payloadBytes,
        actorCounts,
        batches,
        replayEvents,
        journals,
        dataDir,
        outDir,
        fsync,
        threads);
  }

  private static List<JournalKind> kinds(String csv) {
    var values = new ArrayList<JournalKind>();
    for (var part : csv.split(",")) {
      values.add(JournalKind.byLabel(part.trim()));
    }
    return List.copyOf(values);
  }
}
