package io.interstice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Recovery from the log alone, each measured in a fresh JVM as after a restart (see
 * bench/README.md): {@code log} recovers a bank module of N committed transfers with a given heap
 * ({@link RecoveryProbe}); {@code under-load} recovers it once on an idle node and once while other
 * modules take writes ({@link LoadedRecoveryProbe}); {@code many-modules} recovers many small
 * modules after a node restart ({@link ManyModulesProbe}) and writes its {@link ManyModulesReport}
 * to {@code --out}, for the {@link Suite}. Logs are written once and reused.
 *
 * <p>Run from the repository root:
 *
 * <pre>
 * java -cp "bench/target/interstice-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
 *     io.interstice.bench.ReplayBench --scenario=log --transfers=1000000 --runs=3
 * </pre>
 */
public final class ReplayBench {
  private ReplayBench() {}

  public static void main(String[] args) throws Exception {
    String scenario = "log";
    long transfers = 1_000_000;
    int runs = 3;
    String heap = "4g";
    int loadModules = 4;
    int loadCallers = 400;
    int modules = 10_000;
    int callsPerModule = 5;
    Path dataDir = Path.of("bench", "target", "bench-data", "replay");
    Path out = Path.of("bench", "results");
    for (var option : Options.parse(args)) {
      var value = option.value();
      switch (option.name()) {
        case "scenario" -> scenario = value;
        case "transfers" -> transfers = Long.parseLong(value);
        case "runs" -> runs = Integer.parseInt(value);
        case "heap" -> heap = value;
        case "load-modules" -> loadModules = Integer.parseInt(value);
        case "load-callers" -> loadCallers = Integer.parseInt(value);
        case "modules" -> modules = Integer.parseInt(value);
        case "calls-per-module" -> callsPerModule = Integer.parseInt(value);
        case "data-dir" -> dataDir = Path.of(value);
        case "out" -> out = Path.of(value);
        default -> throw Options.unknown(option);
      }
    }
    if (loadModules < 1 || loadModules > ClusterBanks.MODULES.size()) {
      throw new IllegalArgumentException(
          "--load-modules must be 1.." + ClusterBanks.MODULES.size());
    }
    dataDir = dataDir.toAbsolutePath();
    var settings = TransferSettings.parse(new String[0]);
    switch (scenario) {
      case "log" -> logRuns(dataDir, settings, transfers, runs, heap);
      case "under-load" ->
          underLoadRuns(dataDir, settings, transfers, runs, heap, loadModules, loadCallers);
      case "many-modules" -> manyModulesRuns(dataDir, out, modules, callsPerModule, runs, heap);
      default ->
          throw new IllegalArgumentException(
              "unknown --scenario " + scenario + "; use log, under-load or many-modules");
    }
  }

  /** Recovers the bank log of {@code transfers} transfers {@code runs} times. */
  private static void logRuns(
      Path dataDir, TransferSettings settings, long transfers, int runs, String heap)
      throws Exception {
    var log = ReplayLogs.bank(dataDir.resolve("bank-" + transfers), settings, transfers);
    for (int run = 1; run <= runs; run++) {
      var result =
          ChildProbe.run(
              heap,
              RecoveryProbe.class,
              RecoveryProbe.RESULT,
              log.toString(),
              "0",
              Integer.toString(settings.accounts()),
              Long.toString(settings.initialBalance()));
      System.out.printf(
          Locale.ROOT,
          "log run %d (-Xmx%s, load %.1f): %,d events replayed in %,d ms (first reply %,d"
              + " ms), balances %s%n",
          run,
          heap,
          FanoutResult.loadAverageNow(),
          Long.parseLong(result[2]),
          Long.parseLong(result[4]),
          Long.parseLong(result[5]),
          Boolean.parseBoolean(result[7]) ? "add up" : "DO NOT ADD UP");
    }
  }

  /** Recovers copies of the bank log on an idle node, then beside a write load. */
  private static void underLoadRuns(
      Path dataDir,
      TransferSettings settings,
      long transfers,
      int runs,
      String heap,
      int loadModules,
      int loadCallers)
      throws Exception {
    var log = ReplayLogs.bank(dataDir.resolve("bank-" + transfers), settings, transfers);
    for (int run = 1; run <= runs; run++) {
      for (int callers : List.of(0, loadCallers)) {
        var copy = dataDir.resolve("loaded-copy");
        JournalBench.wipe(copy);
        copyTree(log, copy);
        var r =
            ChildProbe.run(
                heap,
                LoadedRecoveryProbe.class,
                LoadedRecoveryProbe.RESULT,
                copy.toString(),
                Integer.toString(loadModules),
                Integer.toString(callers),
                "5");
        System.out.printf(
            Locale.ROOT,
            "under-load run %d, %s (load %.1f): %,d events replayed in %,d ms (first reply"
                + " %,d ms); other modules meanwhile %,.0f committed tx/s, %s failed%n",
            run,
            callers == 0 ? "idle node" : callers + " callers on " + loadModules + " modules",
            FanoutResult.loadAverageNow(),
            Long.parseLong(r[1]),
            Long.parseLong(r[2]),
            Long.parseLong(r[3]),
            Double.parseDouble(r[4]),
            r[5]);
        JournalBench.wipe(copy);
      }
    }
  }

  /**
   * Writes {@code modules} small modules once, then recovers all of them {@code runs} times; writes
   * {@code many-modules.json} and {@code .md} to {@code out}.
   */
  private static void manyModulesRuns(
      Path dataDir, Path out, int modules, int callsPerModule, int runs, String heap)
      throws Exception {
    ManyModulesProbe.requireExample();
    var started = OffsetDateTime.now();
    var dir = dataDir.resolve("modules-" + modules + "x" + callsPerModule);
    var counts = List.of(Integer.toString(modules), Integer.toString(callsPerModule));
    double writeSeconds = Double.NaN;
    if (!Files.exists(dir.resolve(ReplayLogs.DONE))) {
      JournalBench.wipe(dir);
      long start = System.nanoTime();
      ChildProbe.run(
          heap,
          ManyModulesProbe.class,
          null,
          "write",
          dir.toString(),
          counts.get(0),
          counts.get(1));
      Files.writeString(dir.resolve(ReplayLogs.DONE), "written");
      writeSeconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(Locale.ROOT, "wrote %,d modules in %.1f s%n", modules, writeSeconds);
    }
    var results = new ArrayList<ManyModulesReport.Run>();
    for (int run = 1; run <= runs; run++) {
      var fields =
          ChildProbe.run(
              heap,
              ManyModulesProbe.class,
              ManyModulesProbe.RESULT,
              "recover",
              dir.toString(),
              counts.get(0),
              counts.get(1));
      var r = ManyModulesReport.Run.parse(fields, FanoutResult.loadAverageNow());
      results.add(r);
      System.out.printf(
          Locale.ROOT,
          "many-modules run %d (load %.1f): %,d modules, %,d events replayed; all recovered"
              + " %,d ms after their first requests (per module: median %,d ms, max %,d ms)%n",
          run,
          r.loadAverage(),
          modules,
          r.eventsReplayed(),
          r.allRecoveredMillis(),
          r.medianModuleMillis(),
          r.maxModuleMillis());
    }
    var report =
        new ManyModulesReport(
            started,
            Machine.describe(dataDir),
            modules,
            callsPerModule,
            heap,
            writeSeconds,
            results);
    Files.createDirectories(out);
    Files.writeString(out.resolve(ManyModulesReport.NAME + ".json"), report.json());
    Files.writeString(out.resolve(ManyModulesReport.NAME + ".md"), report.markdown());
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var files = Files.walk(from)) {
      for (var file : (Iterable<Path>) files::iterator) {
        var target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }
}
