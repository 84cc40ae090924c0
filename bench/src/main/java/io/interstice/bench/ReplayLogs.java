package io.interstice.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes the bank module logs that {@link ReplayBench} recovers, once: a directory that already
 * holds a finished log (marked by {@value #DONE}) is reused, so repeated recovery runs measure the
 * same history.
 *
 * <p>Thread-safety: a static helper; one caller at a time per directory.
 */
final class ReplayLogs {
  /** Marker file written after the log is complete. */
  static final String DONE = "replay-log-complete";

  private ReplayLogs() {}

  /**
   * The bank module with {@code settings.accounts()} accounts and {@code transfers} committed
   * transfers in {@code dir}, snapshots off, written with {@code fsync = never}.
   */
  static Path bank(Path dir, TransferSettings settings, long transfers) throws Exception {
    if (Files.exists(dir.resolve(DONE))) {
      return dir;
    }
    JournalBench.wipe(dir);
    Files.createDirectories(dir);
    var zipf = new ZipfSampler(settings.accounts(), settings.zipfExponent());
    var callbacks = ClosedLoop.callbackThreads(settings.callerThreads());
    long start = System.nanoTime();
    try (var node =
        TransferBench.startNode(dir, TransferJournal.DURABLE.config("never", 0), "replay-write")) {
      TransferModule.JAVA.deploy(node);
      TransferLoad.openAccounts(node, settings, 2000);
      TransferLoad.untilCommitted(node, settings, zipf, 1000, callbacks, transfers);
    } finally {
      if (callbacks != null) {
        callbacks.shutdown();
      }
    }
    System.out.printf(
        Locale.ROOT,
        "wrote %,d transfers to %s in %.1f s%n",
        transfers,
        dir,
        (System.nanoTime() - start) / 1e9);
    Files.writeString(dir.resolve(DONE), Long.toString(transfers));
    return dir;
  }
}
