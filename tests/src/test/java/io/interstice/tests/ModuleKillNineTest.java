package io.interstice.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.interstice.runtime.CallFailedException;
import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.ModuleInfo;
import io.interstice.runtime.node.IntersticeNode;
import io.interstice.tests.ModuleCrashWriterProcess.Ack;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing a module acknowledged is ever lost: a child JVM ({@link ModuleCrashWriter}) runs a node
 * with the {@code journalled} test module and the bank example under many concurrent callers and is
 * killed with SIGKILL, many times over the same data directory. After every kill this JVM starts a
 * node on the directory itself and checks the recovered modules:
 *
 * <ul>
 *   <li>every acknowledged append is there, written by the acknowledged transaction (same id and
 *       timestamp); every stream holds entries 1..n without a hole and its head says n, so no
 *       transaction was lost or kept in part;
 *   <li>no transaction id was acknowledged twice, even across kills, and each module's last
 *       transaction id is at least every acknowledged one;
 *   <li>every acknowledged account exists and the bank's total is what the accounts were opened
 *       with, whatever transfers the kill interrupted.
 * </ul>
 *
 * The next child continues from the recovered state. Kills land during JVM and node start-up,
 * during deploy (which is when a module recovers from its log) or while the callers run; snapshots
 * (with the events before them deleted) are on in some cycles and off in others.
 *
 * <p>Random choices come from one seed, printed and settable with {@code -Dcrash.seed=...}; the
 * number of cycles is settable with {@code -Dcrash.cycles=...} (and {@code -Dcrash.wasm-cycles=...}
 * for the run whose bank is the WebAssembly build). The data directory and the children's stderr
 * are kept when the test fails; the failure message says where.
 */
class ModuleKillNineTest {
  private static final int CYCLES = Integer.getInteger("crash.cycles", 10);
  private static final int WASM_CYCLES = Integer.getInteger("crash.wasm-cycles", 6);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);
  private static final int[] SNAPSHOT_EVERY = {0, 200, 2_000};

  /** When a child is killed. */
  private enum KillPoint {
    /** At a random moment after the JVM was started: mostly while the node starts. */
    START_UP,
    /** Right after the node started: while the modules recover and are deployed. */
    DEPLOY,
    /** While the callers run, after a random time or number of acknowledgements. */
    CALLS
  }

  /** A module as recovered by this JVM: its info (null when not deployed) and public tables. */
  private record Recovered(ModuleInfo info, Map<String, List<Object[]>> tables) {
    long lastTxId() {
      return info == null ? 0 : info.lastTxId();
    }

    List<Object[]> rows(String table) {
      return tables.getOrDefault(table, List.of());
    }
  }

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @RegisterExtension final ChildProcesses children = new ChildProcesses();

  @Test
  void shouldKeepEveryAcknowledgedCallThroughRepeatedKillNine() throws Exception {
    runCycles(CYCLES, false);
  }

  /** The same with the bank as its WebAssembly build, compiled by Chicory in every child. */
  @Test
  void shouldKeepEveryAcknowledgedCallOfAWasmModuleThroughRepeatedKillNine() throws Exception {
    runCycles(WASM_CYCLES, true);
  }

  private void runCycles(int cycles, boolean wasm) throws Exception {
    long seed = Long.getLong("crash.seed", System.nanoTime());
    var random = new Random(seed);
    var dataDir = dir.resolve("data");
    var acks = new ArrayList<Ack>();
    var acknowledgedTx = new HashMap<String, Map<Long, Ack>>();
    var summary = new StringBuilder();
    for (int cycle = 1; cycle <= cycles; cycle++) {
      var point = killPoint(cycle, random);
      int snapshotEvery = SNAPSHOT_EVERY[random.nextInt(SNAPSHOT_EVERY.length)];
      var where =
          "cycle %d of %d (kill %s, snapshot-every %d%s), seed %d, data and child stderr kept in %s"
              .formatted(cycle, cycles, point, snapshotEvery, wasm ? ", WASM bank" : "", seed, dir);
      var child = runUntilKilled(dataDir, cycle, point, snapshotEvery, wasm, random, where);
      Supplier<String> context = () -> where + "\n" + child.describe();
      assertTrue(
          child.failures().isEmpty(),
          () -> "the child reported failed calls: " + child.failures() + "\n" + context.get());
      var newAcks = child.recordAcks(acknowledgedTx, context);
      acks.addAll(newAcks);

      Map<String, Recovered> recovered;
      try {
        recovered = recover(dataDir);
      } catch (RuntimeException e) {
        throw new AssertionError("the state left by the kill did not recover\n" + context.get(), e);
      }
      var journalled = recovered.get(ModuleCrashWriter.JOURNALLED);
      var bank = recovered.get(ModuleCrashWriter.BANK);
      assertStreamsWhole(journalled, context);
      assertAcknowledgedPresent(acks, journalled, bank, context);
      assertBankBalanced(bank, context);
      summary.append(
          ("%n  cycle %2d: kill %-8s (%-22s) snapshot-every %5d, %5d ACKs,"
                  + " journalled at tx %d (%s), bank at tx %d")
              .formatted(
                  cycle,
                  point,
                  child.progress(),
                  snapshotEvery,
                  newAcks.size(),
                  journalled.lastTxId(),
                  describeRecovery(journalled),
                  bank.lastTxId()));
    }
    System.out.printf(
        "module crash test%s: seed %d, %d kills, %d acknowledged calls%s%n",
        wasm ? " (WASM bank)" : "", seed, cycles, acks.size(), summary);
    assertTrue(acks.size() > cycles, "the children acknowledged too little to test anything");
  }

  private static String describeRecovery(Recovered module) {
    if (module.info() == null) {
      return "not deployed";
    }
    var recovery = module.info().recovery();
    return recovery.replayedEvents()
        + " events replayed after snapshot at "
        + recovery.snapshotSequenceNr();
  }

  /** Half the cycles kill while the callers run, the others before they start. */
  private static KillPoint killPoint(int cycle, Random random) {
    if (cycle % 2 == 1) {
      return KillPoint.CALLS;
    }
    if (cycle % 4 == 2) {
      return KillPoint.DEPLOY;
    }
    return random.nextBoolean() ? KillPoint.START_UP : KillPoint.DEPLOY;
  }

  /** Starts a child, waits for the kill point, SIGKILLs it and waits until it is gone. */
  private ModuleCrashWriterProcess runUntilKilled(
      Path dataDir,
      int cycle,
      KillPoint point,
      int snapshotEvery,
      boolean wasm,
      Random random,
      String where)
      throws IOException, InterruptedException {
    var stderr = dir.resolve("child-" + cycle + ".stderr");
    var child =
        ModuleCrashWriterProcess.start(
            dataDir, stderr, cycle, random.nextLong(), snapshotEvery, wasm);
    children.add(child.process());
    Supplier<String> context = () -> where + "\n" + child.describe();
    switch (point) {
      case START_UP:
        Thread.sleep(200 + random.nextInt(3_000));
        break;
      case DEPLOY:
        assertTrue(
            child.awaitMarker(ModuleCrashWriter.STARTED, READY_TIMEOUT),
            () -> "the child's node never started\n" + context.get());
        Thread.sleep(random.nextInt(150));
        break;
      case CALLS:
        assertTrue(
            child.awaitMarker(ModuleCrashWriter.READY, READY_TIMEOUT),
            () -> "the child never became READY\n" + context.get());
        if (random.nextBoolean()) {
          Thread.sleep(50 + random.nextInt(1_500));
        } else {
          child.awaitAcks(1 + random.nextInt(4_000), Duration.ofSeconds(10));
        }
        break;
    }
    child.kill(KILL_TIMEOUT, context);
    return child;
  }

  /** Starts a node on {@code dataDir} in this JVM and reads both modules. */
  private static Map<String, Recovered> recover(Path dataDir) {
    try (var node =
        IntersticeNode.builder().dataDir(dataDir).config(ModuleCrashWriter.config(0)).start()) {
      return Map.of(
          ModuleCrashWriter.JOURNALLED,
          read(node, ModuleCrashWriter.JOURNALLED, "entries", "heads"),
          ModuleCrashWriter.BANK,
          read(node, ModuleCrashWriter.BANK, "accounts"));
    }
  }

  /** A module's info and tables; empty when it is not deployed (killed before its deploy). */
  private static Recovered read(IntersticeNode node, String module, String... tables) {
    ModuleInfo info;
    try {
      info = node.describe(module);
    } catch (CallFailedException e) {
      if (e.kind() != ErrorKind.UNKNOWN_MODULE) {
        throw e;
      }
      return new Recovered(null, Map.of());
    }
    var rows = new HashMap<String, List<Object[]>>();
    for (var table : tables) {
      rows.put(table, node.rows(module, table));
    }
    return new Recovered(info, rows);
  }

  /**
   * Every transaction of {@code journalled} appends one entry, so the entries must be numbered
   * 1..last transaction id (the auto-increment id of an entry is its transaction's), with strictly
   * increasing timestamps; each stream must hold 1..n in order, and its head must say n.
   */
  private static void assertStreamsWhole(Recovered journalled, Supplier<String> context) {
    var entries = journalled.rows("entries");
    assertEquals(
        journalled.lastTxId(),
        entries.size(),
        () -> "journalled: last transaction id vs number of entries\n" + context.get());
    var lastSeq = new TreeMap<String, Long>();
    long lastMicros = Long.MIN_VALUE;
    for (int i = 0; i < entries.size(); i++) {
      var entry = entries.get(i);
      long id = (Long) entry[0];
      var stream = (String) entry[1];
      long seq = (Long) entry[2];
      long micros = (Long) entry[3];
      long expectedId = i + 1L;
      long expectedSeq = lastSeq.getOrDefault(stream, 0L) + 1;
      if (id != expectedId || seq != expectedSeq || micros <= lastMicros) {
        fail(
            "journalled: entry #%d is [id %d, stream %s, seq %d, µs %d]; expected id %d, seq %d, µs > %d\n%s"
                .formatted(
                    i + 1,
                    id,
                    stream,
                    seq,
                    micros,
                    expectedId,
                    expectedSeq,
                    lastMicros,
                    context.get()));
      }
      lastSeq.put(stream, seq);
      lastMicros = micros;
    }
    var heads = new TreeMap<String, Long>();
    for (var head : journalled.rows("heads")) {
      heads.put((String) head[0], (Long) head[1]);
    }
    assertEquals(
        lastSeq,
        heads,
        () -> "journalled: heads disagree with the entries of their streams\n" + context.get());
  }

  /**
   * Every acknowledged append is the entry whose id is its transaction id, with the acknowledged
   * stream, number and timestamp; every acknowledged account exists; no acknowledged transaction id
   * is beyond its module's last.
   */
  private static void assertAcknowledgedPresent(
      List<Ack> acks, Recovered journalled, Recovered bank, Supplier<String> context) {
    var entries = journalled.rows("entries");
    var owners = new HashSet<String>();
    bank.rows("accounts").forEach(row -> owners.add((String) row[1]));
    var missing = new ArrayList<String>();
    for (var ack : acks) {
      if (ack.module().equals(ModuleCrashWriter.JOURNALLED)) {
        var entry = ack.txId() <= entries.size() ? entries.get((int) ack.txId() - 1) : null;
        if (entry == null
            || !entry[1].equals(ack.key())
            || (Long) entry[2] != ack.n()
            || (Long) entry[3] != ack.micros()) {
          missing.add(ack + " -> recovered " + (entry == null ? "nothing" : List.of(entry)));
        }
      } else {
        boolean open = ack.key().equals(ModuleCrashWriter.OPEN_CALLER);
        if (ack.txId() > bank.lastTxId()
            || open && !owners.contains(ModuleCrashWriter.owner((int) ack.n()))) {
          missing.add(ack + " -> bank at transaction " + bank.lastTxId() + ", owners " + owners);
        }
      }
    }
    assertTrue(
        missing.isEmpty(),
        () ->
            missing.size()
                + " of "
                + acks.size()
                + " acknowledged calls are not in the recovered state, first: "
                + missing.subList(0, Math.min(10, missing.size()))
                + "\n"
                + context.get());
  }

  /** Transfers move money and never create or destroy it, and no balance is negative. */
  private static void assertBankBalanced(Recovered bank, Supplier<String> context) {
    var accounts = bank.rows("accounts");
    long total = 0;
    for (var account : accounts) {
      long balance = (Long) account[2];
      assertTrue(
          balance >= 0,
          () -> "bank: negative balance in " + List.of(account) + "\n" + context.get());
      total += balance;
    }
    long expected = accounts.size() * ModuleCrashWriter.INITIAL_BALANCE;
    long found = total;
    assertEquals(
        expected,
        found,
        () ->
            "bank: total of "
                + accounts.size()
                + " accounts is not what they were opened with\n"
                + context.get());
  }
}
