package io.interstice.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.runtime.node.IntersticeNode;
import io.interstice.tests.IdempotencyCrashWriter.Addition;
import io.interstice.tests.ModuleCrashWriterProcess.Ack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
 * A call retried with its idempotency key never runs twice, whatever a SIGKILL interrupted: a child
 * JVM ({@link IdempotencyCrashWriter}) adds to a ledger with keyed calls, each sent twice at once,
 * and is killed while they run, with snapshots on in some cycles and off in others. After every
 * kill this JVM starts a node on the directory and retries every call of the child that may have
 * been sent — each caller's acknowledged calls and the one after them, which may have committed
 * unacknowledged — then checks:
 *
 * <ul>
 *   <li>the retry of every acknowledged call is answered with the acknowledged receipt (same
 *       transaction id and timestamp);
 *   <li>every call of every cycle ran exactly once: its token is in the ledger's {@code items}
 *       once, retried or not, and no token the children could not have sent is there.
 * </ul>
 *
 * <p>Random choices come from one seed, printed and settable with {@code -Dcrash.seed=...}; the
 * number of cycles with {@code -Dcrash.idempotency-cycles=...}. The data directory and the
 * children's stderr are kept when the test fails; the failure message says where.
 */
class IdempotencyKillNineTest {
  private static final int CYCLES = Integer.getInteger("crash.idempotency-cycles", 5);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);
  private static final int[] SNAPSHOT_EVERY = {0, 50, 500};

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @RegisterExtension final ChildProcesses children = new ChildProcesses();

  @Test
  void shouldRunEveryRetriedCallOnceThroughRepeatedKillNine() throws Exception {
    long seed = Long.getLong("crash.seed", System.nanoTime());
    var random = new Random(seed);
    var dataDir = dir.resolve("data");
    var acknowledgedTx = new HashMap<String, Map<Long, Ack>>();
    var expected = new TreeMap<String, Long>();
    var summary = new StringBuilder();
    for (int cycle = 1; cycle <= CYCLES; cycle++) {
      int snapshotEvery = SNAPSHOT_EVERY[random.nextInt(SNAPSHOT_EVERY.length)];
      var where =
          "cycle %d of %d (snapshot-every %d), seed %d, data and child stderr kept in %s"
              .formatted(cycle, CYCLES, snapshotEvery, seed, dir);
      var child = runUntilKilled(dataDir, cycle, snapshotEvery, random);
      Supplier<String> context = () -> where + "\n" + child.describe();
      assertTrue(
          child.failures().isEmpty(),
          () -> "the child reported failed calls: " + child.failures() + "\n" + context.get());
      var acks = child.recordAcks(acknowledgedTx, context);
      int retried;
      try (var node = startNode(dataDir)) {
        retried = retryAndCheck(node, cycle, acks, expected, context);
        assertAddedOnce(node, expected, context);
      }
      summary.append(
          "%n  cycle %d: snapshot-every %3d, %4d ACKs, %4d retries"
              .formatted(cycle, snapshotEvery, acks.size(), retried));
    }
    System.out.printf(
        "idempotency crash test: seed %d, %d kills, %d calls%s%n",
        seed, CYCLES, expected.size(), summary);
  }

  /** Starts a child, waits until its callers run for a random while, SIGKILLs it. */
  private ModuleCrashWriterProcess runUntilKilled(
      Path dataDir, int cycle, int snapshotEvery, Random random) throws Exception {
    var stderr = dir.resolve("child-" + cycle + ".stderr");
    var child =
        ModuleCrashWriterProcess.start(
            IdempotencyCrashWriter.class, dataDir, stderr, cycle, random.nextLong(), snapshotEvery);
    children.add(child.process());
    Supplier<String> context = () -> "cycle " + cycle + "\n" + child.describe();
    assertTrue(
        child.awaitMarker(ModuleCrashWriter.READY, READY_TIMEOUT),
        () -> "the child never became READY\n" + context.get());
    if (random.nextBoolean()) {
      Thread.sleep(100 + random.nextInt(1_500));
    } else {
      child.awaitAcks(1 + random.nextInt(2_000), Duration.ofSeconds(5));
    }
    child.kill(KILL_TIMEOUT, context);
    return child;
  }

  private static IntersticeNode startNode(Path dataDir) {
    return IntersticeNode.builder().dataDir(dataDir).config(ModuleCrashWriter.config(0)).start();
  }

  /**
   * Retries, as its caller, every call of cycle {@code cycle} that may have been sent: each
   * caller's acknowledged ones, whose receipts must come back, and the one after them, which may
   * have committed without its acknowledgement reaching stdout (or never been sent). Adds them all
   * to {@code expected} (token → amount); returns how many calls it retried.
   */
  private static int retryAndCheck(
      IntersticeNode node,
      int cycle,
      List<Ack> acks,
      Map<String, Long> expected,
      Supplier<String> context) {
    var acked = new HashMap<String, Ack>();
    acks.forEach(ack -> acked.put(ack.key(), ack));
    int retried = 0;
    for (int caller = 0; caller < IdempotencyCrashWriter.CALLERS; caller++) {
      for (long n = 1; n <= IdempotencyCrashWriter.CALLS_PER_CALLER; n++) {
        var addition = new Addition(cycle, caller, n);
        var receipt = addition.add(node);
        retried++;
        expected.put(addition.token(), n);
        var ack = acked.get(addition.token());
        if (ack == null) {
          break; // the first call without an acknowledgement: the caller sent nothing after it
        }
        assertEquals(
            List.of(ack.txId(), ack.micros()),
            List.of(receipt.txId(), Addition.micros(receipt)),
            () ->
                "the retry of " + ack + " got another receipt, " + receipt + "\n" + context.get());
      }
    }
    return retried;
  }

  /** Every token the children and the retries may have sent is in the ledger exactly once. */
  private static void assertAddedOnce(
      IntersticeNode node, Map<String, Long> expected, Supplier<String> context) {
    var added = new TreeMap<String, List<Long>>();
    for (var row : node.rows(DeliveryCrashWriter.LEDGER, "items")) {
      added.computeIfAbsent((String) row[1], k -> new ArrayList<>()).add((Long) row[2]);
    }
    var wrong = new ArrayList<String>();
    expected.forEach(
        (token, amount) -> {
          var runs = added.getOrDefault(token, List.of());
          if (!runs.equals(List.of(amount))) {
            wrong.add(token + " added " + runs);
          }
        });
    added.keySet().stream()
        .filter(token -> !expected.containsKey(token))
        .forEach(token -> wrong.add(token + " added but never sent"));
    assertTrue(
        wrong.isEmpty(),
        () ->
            wrong.size()
                + " calls did not run exactly once, first: "
                + wrong.subList(0, Math.min(10, wrong.size()))
                + "\n"
                + context.get());
  }
}
