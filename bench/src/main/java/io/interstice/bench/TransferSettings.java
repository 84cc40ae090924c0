package io.interstice.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Command-line settings of {@link TransferBench}, each {@code --name=value}.
 *
 * @param warmup unmeasured transfers at the start of every row ({@code --warmup-seconds}, default
 *     5)
 * @param measure measured time of every row ({@code --measure-seconds}, default 10)
 * @param callerCounts concurrent callers, one row per count and journal ({@code --callers}, default
 *     1000)
 * @param journals journals of the transfer rows ({@code --journals}, default durable,inmem)
 * @param modules bank modules of the transfer rows, one row per module, journal and caller count
 *     ({@code --modules}, default java; also wasm-compiled and wasm-interpreter)
 * @param accounts accounts opened before the transfers ({@code --accounts}, default 100000)
 * @param initialBalance balance of every new account ({@code --initial-balance}, default 1000)
 * @param maxAmount transfers move 1..maxAmount units ({@code --max-amount}, default 100)
 * @param zipfExponent skew of the accounts a transfer touches ({@code --zipf-exponent}, default
 *     1.0)
 * @param seed seed of the callers' random generators ({@code --seed}, default 42)
 * @param recoveryTransfers committed transfers written before each recovery is measured; 0 skips
 *     the recovery part ({@code --recovery-transfers}, default 1000000)
 * @param recoverySnapshotEvery {@code interstice.module.snapshot-every} of the recovery row with
 *     snapshots ({@code --recovery-snapshot-every}, default 100000)
 * @param recoveryWriteFsync the binary log's {@code fsync} while the recovery logs are written
 *     ({@code --recovery-write-fsync}, default never: only the recovery is measured)
 * @param dataDir where the nodes write; wiped first ({@code --data-dir}, default
 *     bench/target/bench-data/transfer)
 * @param outDir where the report goes ({@code --out}, default bench/results)
 * @param report file name of the report, without .json or .md ({@code --report}, default
 *     transfer-bench)
 * @param callerThreads threads that run the callers' completions (record the latency, send the next
 *     transfer); 0 runs them on the node's thread that completes the call, which is the module
 *     actor's ({@code --caller-threads}, default 2)
 * @param threads print CPU time per transaction of each thread group ({@code --threads}, default
 *     false)
 * @param jvmWarmup unreported load of every module and journal, at the first caller count, before
 *     the first row, so that no row is measured while the JIT still compiles the paths it takes
 *     (the first row measured up to 40 % below the same row run again); {@code
 *     --jvm-warmup-seconds}, default 5 per module and journal, 0 skips it
 */
record TransferSettings(
    Duration warmup,
    Duration measure,
    List<Integer> callerCounts,
    List<TransferJournal> journals,
    List<TransferModule> modules,
    int accounts,
    long initialBalance,
    long maxAmount,
    double zipfExponent,
    long seed,
    long recoveryTransfers,
    int recoverySnapshotEvery,
    String recoveryWriteFsync,
    Path dataDir,
    Path outDir,
    String report,
    int callerThreads,
    boolean threads,
    Duration jvmWarmup) {

  static TransferSettings parse(String[] args) {
    Duration warmup = Duration.ofSeconds(5);
    Duration measure = Duration.ofSeconds(10);
    List<Integer> callers = List.of(1000);
    List<TransferJournal> journals = List.of(TransferJournal.values());
    List<TransferModule> modules = List.of(TransferModule.JAVA);
    int accounts = 100_000;
    long initialBalance = 1000;
    long maxAmount = 100;
    double zipfExponent = 1.0;
    long seed = 42;
    long recoveryTransfers = 1_000_000;
    int recoverySnapshotEvery = 100_000;
    String recoveryWriteFsync = "never";
    Path dataDir = Path.of("bench", "target", "bench-data", "transfer");
    Path out = Path.of("bench", "results");
    String report = "transfer-bench";
    int callerThreads = 2;
    boolean threads = false;
    Duration jvmWarmup = Duration.ofSeconds(5);
    for (var option : Options.parse(args)) {
      var value = option.value();
      switch (option.name()) {
        case "warmup-seconds" -> warmup = Options.seconds(value);
        case "measure-seconds" -> measure = Options.seconds(value);
        case "callers" -> callers = Options.ints(value);
        case "journals" -> journals = Options.list(value, TransferJournal::byLabel);
        case "modules" -> modules = Options.list(value, TransferModule::byLabel);
        case "accounts" -> accounts = Integer.parseInt(value);
        case "initial-balance" -> initialBalance = Long.parseLong(value);
        case "max-amount" -> maxAmount = Long.parseLong(value);
        case "zipf-exponent" -> zipfExponent = Double.parseDouble(value);
        case "seed" -> seed = Long.parseLong(value);
        case "recovery-transfers" -> recoveryTransfers = Long.parseLong(value);
        case "recovery-snapshot-every" -> recoverySnapshotEvery = Integer.parseInt(value);
        case "recovery-write-fsync" -> recoveryWriteFsync = value;
        case "data-dir" -> dataDir = Path.of(value);
        case "out" -> out = Path.of(value);
        case "report" -> report = value;
        case "caller-threads" -> callerThreads = Integer.parseInt(value);
        case "threads" -> threads = Boolean.parseBoolean(value);
        case "jvm-warmup-seconds" -> jvmWarmup = Options.seconds(value);
        default -> throw Options.unknown(option);
      }
    }
    if (accounts < 2 || maxAmount < 1 || recoverySnapshotEvery < 1) {
      throw new IllegalArgumentException(
          "need --accounts >= 2, --max-amount >= 1 and --recovery-snapshot-every >= 1");
    }
    return new TransferSettings(
        warmup,
        measure,
        callers,
        journals,
        modules,
        accounts,
        initialBalance,
        maxAmount,
        zipfExponent,
        seed,
        recoveryTransfers,
        recoverySnapshotEvery,
        recoveryWriteFsync,
        dataDir.toAbsolutePath(),
        out.toAbsolutePath(),
        report,
        callerThreads,
        threads,
        jvmWarmup);
  }

  /** These settings with other times per row. */
  TransferSettings withTimes(Duration rowWarmup, Duration rowMeasure) {
    return new TransferSettings(
        rowWarmup,
        rowMeasure,
        callerCounts,
        journals,
        modules,
        accounts,
        initialBalance,
        maxAmount,
        zipfExponent,
        seed,
        recoveryTransfers,
        recoverySnapshotEvery,
        recoveryWriteFsync,
        dataDir,
        outDir,
        report,
        callerThreads,
        threads,
        jvmWarmup);
  }
}
