package io.interstice.bench;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Started by {@link ReplayBench} as a fresh JVM: starts a node on a copy of a bank log, optionally
 * puts it under write load on other modules first ({@link BackgroundLoad}), then sends the {@code
 * bank} module its first request, which makes it recover from its log, and prints one line with
 * what the recovery took and the write rate of the load meanwhile.
 *
 * <p>Arguments: data directory, load modules, load callers, load warm-up seconds.
 */
final class LoadedRecoveryProbe {
  /** Prefix of the line the parent process parses. */
  static final String RESULT = "loaded-recovery-result";

  private LoadedRecoveryProbe() {}

  public static void main(String[] args) throws Exception {
    var dataDir = Path.of(args[0]);
    int loadModules = Integer.parseInt(args[1]);
    int loadCallers = Integer.parseInt(args[2]);
    double warmupSeconds = Double.parseDouble(args[3]);
    // Remembered entities would start the bank at node start, before the load; without them it
    // starts at its first request, so its whole recovery runs beside the load.
    var config =
        TransferJournal.DURABLE.config("always", 0)
            + "pekko.cluster.sharding.remember-entities = off\n";
    try (var node = TransferBench.startNode(dataDir, config, "loaded-recovery")) {
      BackgroundLoad load = null;
      if (loadCallers > 0) {
        load = BackgroundLoad.start(node, loadModules, loadCallers);
        Thread.sleep((long) (warmupSeconds * 1000));
      }
      long committedBefore = load == null ? 0 : load.committed();
      long started = System.nanoTime();
      var recovery = node.describe(TransferLoad.MODULE).recovery();
      long answered = System.nanoTime();
      long committedDuring = load == null ? 0 : load.committed() - committedBefore;
      if (load != null) {
        load.stop();
      }
      double seconds = (answered - started) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "%s %d %d %d %.0f %d%n",
          RESULT,
          recovery.replayedEvents(),
          recovery.millis(),
          (answered - started) / 1_000_000,
          committedDuring / seconds,
          load == null ? 0 : load.failed());
    }
  }
}
