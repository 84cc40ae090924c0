package io.interstice.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The sizes of the suite's workloads: {@code full} (under 20 minutes on a 2-core machine), {@code
 * quick} (under 3 minutes: short windows, smaller tables and histories) and {@code tiny} (seconds
 * per workload: the smoke test's, to prove every workload still runs, not to measure).
 */
enum SuiteProfile {
  FULL(
      new Sizes(
          3,
          2,
          5,
          100_000,
          100_000,
          List.of(100_000L, 400_000L, 1_000_000L),
          1_000_000,
          10_000,
          "12g")),
  QUICK(new Sizes(1, 0.5, 1.5, 20_000, 20_000, List.of(5_000L, 50_000L), 200_000, 1_000, "2g")),
  TINY(new Sizes(0, 0.2, 0.5, 1_000, 1_000, List.of(500L), 10_000, 20, "1g"));

  /** History length of the bounded-memory replay (full profile only, or {@code --replay-10m}). */
  static final long BIG_REPLAY_EVENTS = 10_000_000;

  /**
   * The numbers a profile sets.
   *
   * @param jvmWarmup seconds of unreported load before a program's first row
   * @param warmup unmeasured seconds at the start of every row
   * @param measure measured seconds of every row
   * @param replayEvents history of the journal replay workload
   * @param accounts bank accounts opened before the transfers
   * @param recoveryTransfers transfers written before each recovery, one history length each
   * @param memoryRows rows of the heap-per-row table
   * @param manyModules small modules recovered after a node restart
   * @param manyModulesHeap the {@code -Xmx} of that node: about 400 KB per live WebAssembly module,
   *     and 4 GiB for 10,000 of them thrashes in full collections while they are written
   */
  record Sizes(
      double jvmWarmup,
      double warmup,
      double measure,
      long replayEvents,
      int accounts,
      List<Long> recoveryTransfers,
      int memoryRows,
      int manyModules,
      String manyModulesHeap) {}

  final Sizes sizes;

  SuiteProfile(Sizes sizes) {
    this.sizes = sizes;
  }

  /** The longest a workload may run before the suite stops it and reports it failed. */
  java.time.Duration stepTimeout() {
    return java.time.Duration.ofMinutes(this == FULL ? 15 : 5);
  }

  /**
   * Whether {@code step} runs only when {@code --only} names it: the quick profile's restart of
   * 1,000 modules (about half a minute, which the quick run's 3 minutes cannot spare).
   */
  boolean onlyWhenNamed(SuiteStep step) {
    return this == QUICK && step.name().equals(ManyModulesReport.NAME);
  }

  String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Every workload of this profile, in the order they run. */
  List<SuiteStep> steps(boolean bigReplay) {
    var s = sizes;
    var steps = new ArrayList<SuiteStep>();
    steps.add(
        new SuiteStep(
            "journal",
            "journal: 1 and 100 actors, 1 and 10 events per write, replay; binary log vs peers",
            JournalBench.class,
            List.of(),
            List.of(
                "--journals=binary-log,naive-fsync-per-event,inmem,jdbc-postgres",
                this == TINY ? "--actors=10" : "--actors=1,100",
                "--batch=1,10",
                "--replay-events=" + s.replayEvents(),
                "--jvm-warmup-seconds=" + s.jvmWarmup(),
                "--warmup-seconds=" + s.warmup(),
                "--measure-seconds=" + s.measure()),
            "journal-bench"));
    for (var zipf : List.of("1.0", "0")) {
      var name = zipf.equals("0") ? "transfer-uniform" : "transfer-zipf";
      steps.add(
          new SuiteStep(
              name,
              "bank transfers, "
                  + (zipf.equals("0") ? "uniform" : "Zipf 1.0")
                  + ": 100 and 1,000 callers, Java and WASM, durable and in-memory",
              TransferBench.class,
              List.of(),
              List.of(
                  "--zipf-exponent=" + zipf,
                  this == TINY ? "--callers=10" : "--callers=100,1000",
                  // The quick runs keep WASM to the Zipf rows, to stay within their time.
                  this != FULL && zipf.equals("0")
                      ? "--modules=java"
                      : "--modules=java,wasm-compiled",
                  "--journals=durable,inmem",
                  "--accounts=" + s.accounts(),
                  "--recovery-transfers=0",
                  // Every module on every journal once, unreported, before the first row: the
                  // full run's first row measured up to 40 % low without it. The quick run
                  // cannot spare the half minute.
                  "--jvm-warmup-seconds=" + (this == FULL ? s.jvmWarmup() : 0),
                  "--warmup-seconds=" + s.warmup(),
                  "--measure-seconds=" + s.measure(),
                  "--report=" + name),
              name));
    }
    for (long transfers : s.recoveryTransfers()) {
      steps.add(
          new SuiteStep(
              "recovery-" + transfers,
              "recovery of a bank after " + transfers + " transfers: log only and snapshots",
              TransferBench.class,
              List.of(),
              List.of(
                  "--callers=",
                  "--accounts=" + s.accounts(),
                  "--recovery-transfers=" + transfers,
                  "--recovery-snapshot-every=" + Math.max(1, transfers / 10),
                  "--report=recovery"),
              "recovery"));
    }
    long underLoad = s.recoveryTransfers().get(s.recoveryTransfers().size() / 2);
    steps.add(
        new SuiteStep(
            "recovery-load",
            "recovery of a bank after " + underLoad + " transfers, idle and under full write load",
            RecoveryLoadBench.class,
            List.of(),
            List.of(
                "--transfers=" + underLoad,
                "--accounts=" + s.accounts(),
                this == TINY ? "--callers=100" : "--callers=1000",
                "--warmup-seconds=" + Math.max(0.5, s.warmup())),
            "recovery-load"));
    steps.add(
        new SuiteStep(
            "fanout",
            "subscription fan-out: deliveries to subscriber modules and their delay",
            FanoutBench.class,
            List.of(),
            List.of(
                this == FULL
                    ? "--subscribers=1,4,16"
                    : this == QUICK ? "--subscribers=1,4" : "--subscribers=2",
                this == TINY ? "--callers=100" : "--callers=1000",
                "--jvm-warmup-seconds=" + s.jvmWarmup(),
                "--warmup-seconds=" + s.warmup(),
                "--measure-seconds=" + s.measure()),
            "fanout-bench"));
    steps.add(
        new SuiteStep(
            "memory",
            "heap bytes per row of a bank table, with and without its unique index",
            TableMemoryBench.class,
            List.of(),
            List.of("--rows=" + s.memoryRows()),
            null));
    steps.add(
        new SuiteStep(
            "http",
            "bank transfers over HTTP and the WebSocket call channel against in-process",
            HttpBench.class,
            List.of(),
            List.of(
                "--accounts=" + s.accounts(),
                this == TINY ? "--callers=100" : "--callers=1000",
                "--warmup-seconds=" + s.warmup(),
                "--measure-seconds=" + s.measure()),
            "http-bench"));
    steps.add(
        new SuiteStep(
            ManyModulesReport.NAME,
            String.format(
                java.util.Locale.ROOT,
                "%,d small WebAssembly modules recovered after a node restart",
                s.manyModules()),
            ReplayBench.class,
            List.of(),
            List.of(
                "--scenario=many-modules",
                "--modules=" + s.manyModules(),
                "--calls-per-module=5",
                "--runs=1",
                "--heap=" + s.manyModulesHeap()),
            ManyModulesReport.NAME));
    if (bigReplay) {
      steps.add(
          new SuiteStep(
              "replay-10m",
              "replay of a 10,000,000-event history by a node with -Xmx1g",
              JournalBench.class,
              List.of("-Xmx1g"),
              List.of("--journals=binary-log", "--actors=", "--replay-events=" + BIG_REPLAY_EVENTS),
              "journal-bench"));
    }
    return List.copyOf(steps);
  }
}
