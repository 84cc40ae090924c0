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
 * event, and Pekko's in-memory journal (the ceiling). Each configuration runs 1 or 100 classic
 * persistent actors, each persisting one 100-byte event at a time and the next after the ack, with
 * {@code fsync = always}. Prints a markdown table and writes {@code journal-bench.json} and {@code
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
    if (!settings.jvmWarmup().isZero()) {
      // Not reported: lets the JIT compile the actor and journal paths before the first row, which
      // would otherwise be measured partly interpreted (the 1-actor rows see few events).
      var dir = settings.dataDir().resolve("jvm-warmup");
      JournalRun.run(
          JournalKind.BINARY_LOG,
          100,
          dir,
          settings.withTimes(settings.jvmWarmup(), Duration.ofMillis(100)));
      wipe(dir);
    }
    var results = new ArrayList<RunResult>();
    // Peers run next to each other in time, so that a ratio compares runs minutes apart at most.
    for (int actors : settings.actorCounts()) {
      for (var kind : settings.journals()) {
        var runDir = settings.dataDir().resolve(kind.label + "-" + actors);
        var result = JournalRun.run(kind, actors, runDir, settings);
        System.out.printf(
            Locale.ROOT,
            "  %-22s %3d actor(s): %,10.0f events/s  p50 %,8.0f us  p99 %,8.0f us"
                + "  %5.1f cpu-us/event  load %.1f%n",
            kind.label,
            actors,
            result.eventsPerSecond(),
            result.p50Micros(),
            result.p99Micros(),
            result.cpuMicrosPerEvent(),
            result.loadAverage());
        results.add(result);
        wipe(runDir);
      }
    }
    var report = new JournalBenchReport(OffsetDateTime.now(), machine, settings, results);
    Files.createDirectories(settings.outDir());
    Files.writeString(settings.outDir().resolve("journal-bench.json"), report.json());
    Files.writeString(settings.outDir().resolve("journal-bench.md"), report.markdown());
    System.out.println();
    System.out.print(report.markdown());
    System.out.println();
    System.out.println("written to " + settings.outDir().resolve("journal-bench.{json,md}"));
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
