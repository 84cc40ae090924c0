package io.interstice.bench;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Started by {@link TransferBench} as a fresh JVM, as after a restart: starts a node on a data
 * directory written before, sends the {@code bank} module its first request (which makes the module
 * actor recover from snapshot and log) and prints one line with what the recovery took, then checks
 * that the recovered balances add up.
 *
 * <p>Arguments: data directory, snapshot-every, accounts, initial balance.
 */
final class RecoveryProbe {
  /** Prefix of the line the parent process parses. */
  static final String RESULT = "recovery-result";

  private RecoveryProbe() {}

  public static void main(String[] args) throws Exception {
    var dataDir = Path.of(args[0]);
    int snapshotEvery = Integer.parseInt(args[1]);
    long accounts = Long.parseLong(args[2]);
    long initialBalance = Long.parseLong(args[3]);
    long start = System.nanoTime();
    try (var node =
        TransferBench.startNode(
            dataDir, TransferJournal.DURABLE.config("always", snapshotEvery), "recovery")) {
      long started = System.nanoTime();
      var recovery = node.describe(TransferLoad.MODULE).recovery();
      long answered = System.nanoTime();
      long total = 0;
      for (var row : node.rows(TransferLoad.MODULE, "accounts")) {
        total += (Long) row[2];
      }
      System.out.printf(
          Locale.ROOT,
          "%s %d %d %d %d %d %d %b%n",
          RESULT,
          recovery.recoveredTransactions(),
          recovery.replayedEvents(),
          recovery.snapshotSequenceNr(),
          recovery.millis(),
          (answered - started) / 1_000_000,
          (started - start) / 1_000_000,
          total == accounts * initialBalance);
    }
  }
}
