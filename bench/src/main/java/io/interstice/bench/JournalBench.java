package io.interstice.bench;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Locale;

/**
 * Durable write throughput and persist latency of the binary-log journal against its peers,
 * measured in the same run on the same disk: a naive journal that forces the file after every
 * event, pekko-persistence-jdbc on a temporary local PostgreSQL ({@link PostgresCluster}), and
 * Pekko's in-memory journal (the ceiling). Each configuration runs 1 or 100 classic persistent
 * actors, each persisting one 100-byte event (or an atomic batch) at a time and the next after the
 * ack, with {@code fsync = always}; then each journal replays one id's history ({@link
 * JournalReplay}). Prints a markdown table and writes {@code journal-bench.json} and {@code
 * journal-bench.md} to the output directory.
 *
 * <p>Run from the repository root (see bench/README.md):
 *
 * <pre>
 * java -cp "bench/target/interstice-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
 *     io.interstice.bench.JournalBench [--warmup-seconds=4] [--measure-seconds=8] ...
 * </pre>
 */
public final class JournalBench {
  private JournalBench() {}

  public static void main(String[] args) throws Exception {
    var settings = BenchSettings.parse(args);
    wipe(settings.dataDir());
    Files.createDirectories(settings.dataDir());
    var machine = Machine.describe(settings.dataDir());
    System.out.printf(
        Locale.ROOT,
        "JournalBench: %d cpu(s) %s, data in %s on %s; %ds JIT warm-up, then %ds warm-up + %ds"
            + " measured per run%n",
        machine.cpus(),
        machine.cpuModel(),
        settings.dataDir(),
        machine.disk(),
        settings.jvmWarmup().toSeconds(),
        settings.warmup().toSeconds(),
        settings.measure().toSeconds());
    machine.warnIfNotDurable(settings.fsync());
    PostgresCluster postgres = null;
    var results = new ArrayList<RunResult>();
    var replays = new ArrayList<ReplayResult>();
    try {
      if (settings.journals().contains(JournalKind.JDBC)) {
        postgres = PostgresCluster.start(settings.dataDir().resolve("postgres"));
        System.out.println("  PostgreSQL peer listening at " + postgres.jdbcUrl());
      }
      if (!settings.jvmWarmup().isZero() && !settings.actorCounts().isEmpty()) {
        // Not reported: lets the JIT compile the actor and journal paths before the first row,
        // which would otherwise be measured partly interpreted (the 1-actor rows see few events).
        var dir = settings.dataDir().resolve("jvm-warmup");
        JournalRun.run(
            JournalKind.BINARY_LOG,
            100,
            1,
            dir,
            settings.withTimes(settings.jvmWarmup(), Duration.ofMillis(100)),
            "");
        wipe(dir);
      }
      // Peers run next to each other in time, so that a ratio compares runs minutes apart at most.
      for (int actors : settings.actorCounts()) {
        for (int batch : settings.batches()) {
          for (var kind : settings.journals()) {
            results.add(writeRow(kind, actors, batch, settings, postgres));
          }
        }
      }
      if (settings.replayEvents() > 0) {
        for (var kind : settings.journals()) {
          replays.add(replayRow(kind, settings, postgres));
        }
      }
    } finally {
      if (postgres != null) {
        postgres.close();
      }
    }
    var report = new JournalBenchReport(OffsetDateTime.now(), machine, settings, results, replays);
    Files.createDirectories(settings.outDir());
    Files.writeString(settings.outDir().resolve("journal-bench.json"), report.json());
    Files.writeString(settings.outDir().resolve("journal-bench.md"), report.markdown());
    System.out.println();
    System.out.print(report.markdown());
    System.out.println();
    System.out.println("written to " + settings.outDir().resolve("journal-bench.{json,md}"));
  }

  private static RunResult writeRow(
      JournalKind kind, int actors, int batch, BenchSettings settings, PostgresCluster postgres)
      throws Exception {
    var runDir = settings.dataDir().resolve(kind.label + "-" + actors + "x" + batch);
    var result = JournalRun.run(kind, actors, batch, runDir, settings, peerConfig(kind, postgres));
    System.out.printf(
        Locale.ROOT,
        "  %-22s %3d actor(s) x %2d: %,10.0f events/s  p50 %,8.0f us  p99 %,8.0f us"
            + "  %5.1f cpu-us/event  load %.1f%n",
        kind.label,
        actors,
        batch,
        result.eventsPerSecond(),
        result.p50Micros(),
        result.p99Micros(),
        result.cpuMicrosPerEvent(),
        result.loadAverage());
    wipe(runDir);
    return result;
  }

  private static ReplayResult replayRow(
      JournalKind kind, BenchSettings settings, PostgresCluster postgres) throws Exception {
    var runDir = settings.dataDir().resolve(kind.label + "-replay");
    var result =
        JournalReplay.run(
            kind, settings.replayEvents(), runDir, settings, peerConfig(kind, postgres));
    System.out.printf(
        Locale.ROOT,
        "  %-22s replay of %,d events: %,d ms (%,.0f events/s; written in %.1f s)%n",
        kind.label,
        result.events(),
        result.replayMillis(),
        result.eventsPerSecond(),
        result.writeSeconds());
    wipe(runDir);
    return result;
  }

  /** The HOCON a run of {@code kind} needs beyond the bench config: the PostgreSQL peer's. */
  private static String peerConfig(JournalKind kind, PostgresCluster postgres) {
    if (kind != JournalKind.JDBC) {
      return "";
    }
    // Each run starts from an empty table, as the other journals start from an empty directory.
    postgres.truncateJournal();
    return postgres.journalConfig();
  }

  /** Deletes {@code dir} with everything in it; does nothing when it does not exist. */
  static void wipe(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
