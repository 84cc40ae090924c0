package io.interstice.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.examples.bank.Bank;
import io.interstice.runtime.module.code.Args;
import io.interstice.runtime.node.IntersticeNode;
import io.interstice.runtime.testmodules.Inventory;
import io.interstice.runtime.testmodules.Ledger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module comes back from its log alone: after a restart on the same data directory every table is
 * exactly as before, no reducer code runs while replaying, ephemeral tables start empty, and a
 * snapshot plus the events after it gives the same state as replaying everything.
 */
class RecoveryTest {
  @TempDir Path dir;

  private static final Clock PINNED =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void shouldRestoreEveryTableExactlyWithoutRunningReducers() {
    List<Object[]> items;
    List<Object[]> accounts;
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      node.deploy(Inventory.class);
      node.deploy(Bank.class);
      runWorkload(node, new Random(7), 300);
      items = node.rows("inventory", "items");
      accounts = node.rows("bank", "accounts");
      node.call("inventory", "visit", "ann");
      node.call("inventory", "visit", "ann");
      assertEquals(2L, node.query("inventory", "visits", "ann"));
    }
    long runsBefore = Inventory.REDUCER_RUNS.get();
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      ModuleCallsTest.assertRowsEqual(items, node.rows("inventory", "items"));
      ModuleCallsTest.assertRowsEqual(accounts, node.rows("bank", "accounts"));
      assertEquals("EUR", node.query("inventory", "setting", "currency"));
      assertEquals(0L, node.query("inventory", "visits", "ann"), "ephemeral rows are not logged");
      assertEquals(runsBefore, Inventory.REDUCER_RUNS.get(), "recovery ran reducer code");
      var info = node.describe("inventory");
      assertTrue(info.recovery().recoveredTransactions() > 100, info.toString());
      assertEquals(0, info.recovery().snapshotSequenceNr());
      // The module goes on from where it was.
      node.call("inventory", "add", "after-restart", 1L << 40, "x", 1, 1L, null);
      assertEquals(info.lastTxId() + 1, node.describe("inventory").lastTxId());
    }
  }

  @Test
  void shouldRecoverFromSnapshotAndTailAsFromTheWholeLog() throws IOException {
    var withSnapshots = dir.resolve("snapshots-on");
    var withoutSnapshots = dir.resolve("snapshots-off");
    var snapshotConfig =
        "interstice.module { snapshot-every = 40, keep-snapshots = 2,"
            + " delete-events-on-snapshot = on }";
    var fullConfig = "interstice.module.snapshot-every = 0";
    List<Object[]> expectedItems;
    List<Object[]> expectedAccounts;
    try (var node = start(withSnapshots, snapshotConfig)) {
      node.deploy(Inventory.class);
      node.deploy(Bank.class);
      runWorkload(node, new Random(11), 250);
      expectedItems = node.rows("inventory", "items");
      expectedAccounts = node.rows("bank", "accounts");
    }
    try (var node = start(withoutSnapshots, fullConfig)) {
      node.deploy(Inventory.class);
      node.deploy(Bank.class);
      runWorkload(node, new Random(11), 250);
    }
    assertTrue(countFiles(withSnapshots.resolve("snapshots")) > 0, "no snapshot was written");

    ModuleInfo fromSnapshot;
    ModuleInfo fromLog;
    try (var node = start(withSnapshots, snapshotConfig)) {
      ModuleCallsTest.assertRowsEqual(expectedItems, node.rows("inventory", "items"));
      ModuleCallsTest.assertRowsEqual(expectedAccounts, node.rows("bank", "accounts"));
      fromSnapshot = node.describe("inventory");
    }
    try (var node = start(withoutSnapshots, fullConfig)) {
      // Same calls, same pinned clock: the same transactions, timestamps and random draws.
      ModuleCallsTest.assertRowsEqual(expectedItems, node.rows("inventory", "items"));
      ModuleCallsTest.assertRowsEqual(expectedAccounts, node.rows("bank", "accounts"));
      fromLog = node.describe("inventory");
    }
    assertEquals(fromLog.lastTxId(), fromSnapshot.lastTxId());
    assertTrue(fromSnapshot.recovery().snapshotSequenceNr() > 0, fromSnapshot.toString());
    assertTrue(
        fromSnapshot.recovery().replayedEvents() < 40,
        "replayed more than the tail: " + fromSnapshot.recovery());
    assertEquals(fromLog.lastTxId() + 1, fromLog.recovery().replayedEvents());
  }

  /**
   * Snapshots count transactions, not events: calls made concurrently are written as batches, one
   * event each, and still get a snapshot every snapshot-every transactions; only the newest
   * keep-snapshots stay, and the events they cover are deleted.
   */
  @Test
  void shouldSnapshotEverySoManyTransactionsOfBatchesAndDeleteWhatTheKeptOnesCover()
      throws Exception {
    var config =
        "interstice.module { snapshot-every = 100, keep-snapshots = 2,"
            + " delete-events-on-snapshot = on }";
    try (var node = start(dir, config)) {
      node.deploy(Ledger.class);
      for (int round = 0; round < 10; round++) {
        var calls = new ArrayList<java.util.concurrent.CompletableFuture<?>>();
        for (int i = 0; i < 100; i++) {
          calls.add(
              node.callAsync("ledger", "append", Args.Values.of("s" + i, (long) round + 1))
                  .toCompletableFuture());
        }
        calls.forEach(java.util.concurrent.CompletableFuture::join);
      }
      Path moduleDir;
      try (Stream<Path> dirs = Files.list(dir.resolve("snapshots"))) {
        moduleDir =
            dirs.filter(d -> d.getFileName().toString().contains("ledger"))
                .findFirst()
                .orElseThrow();
      }
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
      while (snapshotFiles(moduleDir) > 2 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertTrue(snapshotFiles(moduleDir) >= 1, "no snapshot in " + moduleDir);
      assertEquals(2, snapshotFiles(moduleDir), "the newest two are kept");
    }
    try (var node = start(dir, config)) {
      var info = node.describe("ledger");
      assertTrue(info.lastTxId() >= 1000, info.toString());
      assertTrue(info.recovery().snapshotSequenceNr() > 0, info.toString());
      assertTrue(info.recovery().replayedEvents() < 100, info.toString());
      for (int i = 0; i < 100; i++) {
        assertEquals(10L, node.query("ledger", "last", "s" + i));
      }
    }
    var log = new java.util.concurrent.atomic.AtomicLong();
    io.interstice.journal.log.LogReader.open(dir.resolve("journal").resolve("node-1"))
        .forEachFrame(
            frame -> {
              if (frame.persistenceId().equals("module|ledger")) {
                log.addAndGet(frame.events().size());
              }
            });
    assertTrue(log.get() < 50, "events the kept snapshots cover were deleted: " + log.get());
  }

  private static long snapshotFiles(Path moduleDir) throws IOException {
    if (!Files.exists(moduleDir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(moduleDir)) {
      return files
          .filter(
              file ->
                  io.interstice.journal.snapshot.SnapshotFile.sequenceNrOf(
                          file.getFileName().toString())
                      > 0)
          .count();
    }
  }

  private static IntersticeNode start(Path dataDir, String config) {
    return IntersticeNode.builder().dataDir(dataDir).config(config).clock(PINNED).start();
  }

  /** A mix of successful and refused calls on both modules, driven by {@code random}. */
  static void runWorkload(IntersticeNode node, Random random, int calls) {
    var skus = new ArrayList<String>();
    long accounts = 0;
    for (int i = 0; i < calls; i++) {
      try {
        switch (random.nextInt(8)) {
          case 0:
          case 1:
            var sku = "sku-" + random.nextInt(1000);
            node.call(
                "inventory",
                "add",
                sku,
                (long) random.nextInt(1_000_000),
                "cat-" + random.nextInt(5),
                random.nextInt(4),
                (long) random.nextInt(100),
                random.nextBoolean() ? null : "note " + i);
            skus.add(sku);
            break;
          case 2:
            if (!skus.isEmpty()) {
              node.call(
                  "inventory",
                  "move",
                  skus.get(random.nextInt(skus.size())),
                  "cat-" + random.nextInt(5),
                  random.nextInt(4));
            }
            break;
          case 3:
            if (!skus.isEmpty()) {
              node.call("inventory", "remove", skus.remove(random.nextInt(skus.size())));
            }
            break;
          case 4:
            node.call("inventory", "stamp", "stamp-" + i);
            break;
          case 5:
            node.call("bank", "open", "owner-" + i, (long) random.nextInt(500));
            accounts++;
            break;
          default:
            if (accounts > 1) {
              node.call(
                  "bank",
                  "transfer",
                  1 + (long) random.nextInt((int) accounts),
                  1 + (long) random.nextInt((int) accounts),
                  (long) random.nextInt(300));
            }
        }
      } catch (CallFailedException expected) {
        // Refusals (duplicates, insufficient funds, …) are part of the workload.
      }
    }
  }

  private static long countFiles(Path root) throws IOException {
    if (!Files.exists(root)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).count();
    }
  }
}
