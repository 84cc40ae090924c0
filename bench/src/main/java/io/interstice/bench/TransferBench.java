package io.interstice.bench;

import io.interstice.runtime.node.IntersticeNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;

/**
 * Transfers between bank accounts through the whole runtime: one {@code bank} module (the example
 * module) with 100,000 accounts, many closed-loop callers each sending its next {@code transfer}
 * when the previous one was answered, accounts drawn with a Zipf distribution. Rows in one run: the
 * binary log with {@code fsync = always} on the real disk ({@code durable}) and Pekko's in-memory
 * journal ({@code inmem}, the ceiling), each with the bank modules asked for: the Java example by
 * default, and its WebAssembly build on Chicory's compiler and interpreter ({@link
 * TransferModule}). Then recovery: a module log of 1,000,000 committed transfers, written once
 * without and once with snapshots, each recovered by a node started in a new JVM. Prints a markdown
 * table and writes {@code transfer-bench.json} and {@code transfer-bench.md} (or the name {@code
 * --report} gives) to the output directory.
 *
 * <p>Run from the repository root (see bench/README.md):
 *
 * <pre>
 * java -Xmx6g -cp "bench/target/interstice-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
 *     io.interstice.bench.TransferBench [--callers=1000] [--measure-seconds=10] ...
 * </pre>
 */
public final class TransferBench {
  /** Open calls in flight while the accounts are opened. */
  private static final int OPEN_IN_FLIGHT = 2000;

  private TransferBench() {}

  public static void main(String[] args) throws Exception {
    var settings = TransferSettings.parse(args);
    JournalBench.wipe(settings.dataDir());
    Files.createDirectories(settings.dataDir());
    var machine = Machine.describe(settings.dataDir());
    System.out.printf(
        Locale.ROOT,
        "TransferBench: %d cpu(s) %s, data in %s on %s; %,d accounts, Zipf exponent %.2f;"
            + " %ds warm-up + %ds measured per row%n",
        machine.cpus(),
        machine.cpuModel(),
        settings.dataDir(),
        machine.disk(),
        settings.accounts(),
        settings.zipfExponent(),
        settings.warmup().toSeconds(),
        settings.measure().toSeconds());
    machine.warnIfNotDurable("always");
    var zipf = new ZipfSampler(settings.accounts(), settings.zipfExponent());
    var callbacks = ClosedLoop.callbackThreads(settings.callerThreads());
    try {
      if (!settings.jvmWarmup().isZero() && !settings.callerCounts().isEmpty()) {
        jvmWarmup(settings, zipf, callbacks);
      }
      var transfers = new ArrayList<TransferResult>();
      for (int callers : settings.callerCounts()) {
        for (var journal : settings.journals()) {
          for (var module : settings.modules()) {
            var dir =
                settings.dataDir().resolve(module.label + "-" + journal.label + "-" + callers);
            transfers.add(transferRow(module, journal, callers, dir, settings, zipf, callbacks));
            JournalBench.wipe(dir);
          }
        }
      }
      var recoveries = new ArrayList<RecoveryResult>();
      if (settings.recoveryTransfers() > 0) {
        System.out.printf(
            Locale.ROOT,
            "recovery: writing %,d committed transfers per log with fsync = %s (only the recovery"
                + " is measured)%n",
            settings.recoveryTransfers(),
            settings.recoveryWriteFsync());
        for (int snapshotEvery : List.of(0, settings.recoverySnapshotEvery())) {
          var label = snapshotEvery == 0 ? "log only" : "snapshots";
          var dir =
              settings.dataDir().resolve(snapshotEvery == 0 ? "recovery-log" : "recovery-snap");
          recoveries.add(recoveryRow(label, snapshotEvery, dir, settings, zipf, callbacks));
          JournalBench.wipe(dir);
        }
      }
      var report =
          new TransferBenchReport(OffsetDateTime.now(), machine, settings, transfers, recoveries);
      var name = settings.report();
      Files.createDirectories(settings.outDir());
      Files.writeString(settings.outDir().resolve(name + ".json"), report.json());
      Files.writeString(settings.outDir().resolve(name + ".md"), report.markdown());
      System.out.println();
      System.out.print(report.markdown());
      System.out.println();
      System.out.println("written to " + settings.outDir().resolve(name + ".{json,md}"));
    } finally {
      if (callbacks != null) {
        callbacks.shutdown();
      }
    }
  }

  /**
   * Runs every module on every journal, at the first caller count, unreported: the first row would
   * otherwise run while the JIT still compiles the paths it takes, and measured up to 40 % below
   * the same row run again.
   */
  private static void jvmWarmup(
      TransferSettings settings, ZipfSampler zipf, ExecutorService callbacks) throws Exception {
    System.out.println("  (JIT warm-up, not reported)");
    var times = settings.withTimes(settings.jvmWarmup(), Duration.ofMillis(200));
    int callers = settings.callerCounts().get(0);
    for (var journal : settings.journals()) {
      for (var module : settings.modules()) {
        var dir = settings.dataDir().resolve("jvm-warmup-" + module.label + "-" + journal.label);
        run(module, journal, callers, dir, times, zipf, callbacks);
        JournalBench.wipe(dir);
      }
    }
  }

  /** What one run of transfers on a fresh node counted, after how long its accounts took. */
  private record Run(ClosedLoop.Counted counted, long firstCallMillis, double openSeconds) {}

  /** Opens the accounts on a fresh node, then runs the callers for the settings' times. */
  private static Run run(
      TransferModule module,
      TransferJournal journal,
      int callers,
      Path dir,
      TransferSettings settings,
      ZipfSampler zipf,
      ExecutorService callbacks)
      throws Exception {
    var config = journal.config("always", 0) + module.config();
    try (var node = startNode(dir, config, "transfer-" + journal.label)) {
      module.deploy(node);
      long start = System.nanoTime();
      long firstCallMillis = TransferLoad.openAccounts(node, settings, OPEN_IN_FLIGHT);
      double openSeconds = (System.nanoTime() - start) / 1e9;
      var counted =
          TransferLoad.timed(
              node, settings, zipf, callers, callbacks, settings.warmup(), settings.measure());
      return new Run(counted, firstCallMillis, openSeconds);
    }
  }

  /** A node on {@code dataDir} with {@code hocon} over the defaults, quiet logging. */
  static IntersticeNode startNode(Path dataDir, String hocon, String systemName) {
    return IntersticeNode.builder()
        .dataDir(dataDir)
        .systemName(systemName)
        .config(hocon + "pekko.loglevel = WARNING\ninterstice.node.ask-timeout = 10m\n")
        .start();
  }

  private static TransferResult transferRow(
      TransferModule module,
      TransferJournal journal,
      int callers,
      Path dir,
      TransferSettings settings,
      ZipfSampler zipf,
      ExecutorService callbacks)
      throws Exception {
    var run = run(module, journal, callers, dir, settings, zipf, callbacks);
    var counted = run.counted();
    long firstCallMillis = run.firstCallMillis();
    double openSeconds = run.openSeconds();
    var result = TransferResult.of(module, journal, callers, counted, firstCallMillis, openSeconds);
    System.out.printf(
        Locale.ROOT,
        "  %-16s %-8s %5d callers: %,9.0f committed/s %,8.0f refused/s  p50 %,8.0f us"
            + "  p99 %,8.0f us  %5.1f cpu-us/tx  load %.1f  (first call %,d ms, accounts opened"
            + " in %.1f s)%n",
        module.label,
        journal.label,
        callers,
        result.committedPerSecond(),
        result.refusedPerSecond(),
        result.p50Micros(),
        result.p99Micros(),
        result.cpuMicrosPerTx(),
        result.loadAverage(),
        firstCallMillis,
        openSeconds);
    if (settings.threads()) {
      JournalRun.printThreadCpu(counted.control(), counted.answered());
    }
    return result;
  }

  private static RecoveryResult recoveryRow(
      String label,
      int snapshotEvery,
      Path dir,
      TransferSettings settings,
      ZipfSampler zipf,
      ExecutorService callbacks)
      throws Exception {
    long lastTxId;
    double writeSeconds;
    var config = TransferJournal.DURABLE.config(settings.recoveryWriteFsync(), snapshotEvery);
    try (var node = startNode(dir, config, "recovery-write")) {
      TransferModule.JAVA.deploy(node);
      long start = System.nanoTime();
      TransferLoad.openAccounts(node, settings, OPEN_IN_FLIGHT);
      TransferLoad.untilCommitted(
          node, settings, zipf, 1000, callbacks, settings.recoveryTransfers());
      writeSeconds = (System.nanoTime() - start) / 1e9;
      lastTxId = node.describe(TransferLoad.MODULE).lastTxId();
    }
    long logBytes = bytesUnder(dir);
    var probe = probe(dir, snapshotEvery, settings);
    var result =
        new RecoveryResult(
            label,
            snapshotEvery,
            lastTxId,
            writeSeconds,
            logBytes,
            Long.parseLong(probe[1]),
            Long.parseLong(probe[2]),
            Long.parseLong(probe[3]),
            Long.parseLong(probe[4]),
            Long.parseLong(probe[5]),
            Long.parseLong(probe[6]),
            Boolean.parseBoolean(probe[7]));
    System.out.printf(
        Locale.ROOT,
        "  %-9s snapshot-every %,7d: %,d transactions (%,.0f MiB, written in %.1f s);"
            + " recovered in %,d ms (first reply after %,d ms), %,d events replayed, snapshot at"
            + " %,d, balances %s%n",
        label,
        snapshotEvery,
        lastTxId,
        logBytes / 1048576.0,
        writeSeconds,
        result.recoveryMillis(),
        result.firstReplyMillis(),
        result.replayedEvents(),
        result.snapshotSequenceNr(),
        result.balancesOk() ? "add up" : "DO NOT ADD UP");
    return result;
  }

  /** Runs {@link RecoveryProbe} in a new JVM with this one's class path and heap limit. */
  private static String[] probe(Path dir, int snapshotEvery, TransferSettings settings)
      throws IOException, InterruptedException {
    return ChildProbe.run(
        Runtime.getRuntime().maxMemory() / (1024 * 1024) + "m",
        RecoveryProbe.class,
        RecoveryProbe.RESULT,
        dir.toString(),
        Integer.toString(snapshotEvery),
        Integer.toString(settings.accounts()),
        Long.toString(settings.initialBalance()));
  }

  private static long bytesUnder(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              file -> {
                try {
                  return Files.size(file);
                } catch (IOException e) {
                  return 0;
                }
              })
          .sum();
    }
  }
}
