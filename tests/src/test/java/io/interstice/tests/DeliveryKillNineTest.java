package io.interstice.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.interstice.runtime.CallFailedException;
import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.node.IntersticeNode;
import io.interstice.tests.ModuleCrashWriterProcess.Ack;
import io.interstice.tests.modules.Ticker;
import java.io.IOException;
import java.nio.file.Files;
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
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Subscriptions, calls between modules and schedules run exactly once through repeated SIGKILL: a
 * child JVM ({@link DeliveryCrashWriter}) runs a node with producers, subscribers, a forwarding
 * caller and a repeating schedule under many concurrent callers, and is killed at random moments —
 * during start-up, while the modules recover and resend their outboxes, and while the callers run —
 * many times over the same data directory. After every kill this JVM starts a node on the directory
 * and checks what must hold at any moment:
 *
 * <ul>
 *   <li>every acknowledged {@code ledger.add} is an item, exactly once, and every acknowledged
 *       {@code forwarder.forward} is recorded; item tokens are unique and item ids have no hole;
 *   <li>the items {@code tally} has seen are the first items of the ledger, the same ids, tokens
 *       and amounts; every item that came through the forwarder belongs to a recorded forward, and
 *       every item a schedule run added to a recorded run;
 *   <li>no module recorded an anomaly (a delivery seen twice or out of order, a balance change that
 *       does not follow the last one, a schedule run twice in one slot).
 * </ul>
 *
 * After the last kill it waits until the schedule runs again, stops it, waits until the deliveries
 * settle and checks that they are complete: tally has seen exactly the ledger's items, every
 * forward and every schedule run has exactly one item, the audit's movements add up to the bank's
 * balances, and no child logged a failed or dropped delivery.
 *
 * <p>Random choices come from one seed, printed and settable with {@code -Dcrash.seed=...}; the
 * number of cycles is settable with {@code -Dcrash.cycles=...}. The data directory and the
 * children's stderr are kept when the test fails; the failure message says where.
 */
class DeliveryKillNineTest {
  private static final int CYCLES = Integer.getInteger("crash.cycles", 12);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
  private static final int[] SNAPSHOT_EVERY = {0, 150, 1_000};
  private static final Pattern LOGGED_FAILURE =
      Pattern.compile(
          "delivery .* failed|schedule .* failed|are dropped|refused its subscriptions");

  /** When a child is killed. */
  private enum KillPoint {
    /** At a random moment after the JVM was started: mostly while the node starts. */
    START_UP,
    /** Right after the node started: while the modules recover and resend their outboxes. */
    DEPLOY,
    /** Right after the callers started, while the first resends after recovery arrive. */
    REDELIVERY,
    /** While the callers run, after a random time or number of acknowledgements. */
    CALLS
  }

  /** The public tables of every module, read by this JVM; empty for a module not deployed. */
  private record State(Map<String, List<Object[]>> tables) {
    List<Object[]> rows(String module, String table) {
      return tables.getOrDefault(module + "." + table, List.of());
    }
  }

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @RegisterExtension final ChildProcesses children = new ChildProcesses();

  @Test
  void shouldDeliverCallsSubscriptionsAndSchedulesExactlyOnceThroughRepeatedKillNine()
      throws Exception {
    long seed = Long.getLong("crash.seed", System.nanoTime());
    var random = new Random(seed);
    var dataDir = dir.resolve("data");
    var acks = new ArrayList<Ack>();
    var acknowledgedTx = new HashMap<String, Map<Long, Ack>>();
    var summary = new StringBuilder();
    for (int cycle = 1; cycle <= CYCLES; cycle++) {
      var point = killPoint(cycle, random);
      int snapshotEvery = SNAPSHOT_EVERY[random.nextInt(SNAPSHOT_EVERY.length)];
      var where =
          "cycle %d of %d (kill %s, snapshot-every %d), seed %d, data and child stderr kept in %s"
              .formatted(cycle, CYCLES, point, snapshotEvery, seed, dir);
      long started = System.nanoTime();
      var child = runUntilKilled(dataDir, cycle, point, snapshotEvery, random, where);
      long killed = System.nanoTime();
      Supplier<String> context = () -> where + "\n" + child.describe();
      assertTrue(
          child.failures().isEmpty(),
          () -> "the child reported failed calls: " + child.failures() + "\n" + context.get());
      var newAcks = child.recordAcks(acknowledgedTx, context);
      acks.addAll(newAcks);
      State state;
      try (var node = startNode(dataDir)) {
        state = readInProgress(node);
      } catch (RuntimeException e) {
        throw new AssertionError("the state left by the kill did not recover\n" + context.get(), e);
      }
      assertConsistent(state, acks, context);
      summary.append(
          ("%n  cycle %2d: kill %-10s (%-12s) snapshot-every %4d, %5d ACKs, %6d items, %6d seen,"
                  + " %4.1f s child, %4.1f s check")
              .formatted(
                  cycle,
                  point,
                  child.progress(),
                  snapshotEvery,
                  newAcks.size(),
                  state.rows(DeliveryCrashWriter.LEDGER, "items").size(),
                  state.rows(DeliveryCrashWriter.TALLY, "seen").size(),
                  (killed - started) / 1e9,
                  (System.nanoTime() - killed) / 1e9));
    }
    Supplier<String> context = () -> "after the last kill, seed " + seed + ", data kept in " + dir;
    State settled;
    try (var node = startNode(dataDir)) {
      settled = awaitSettled(node, context);
    }
    assertConsistent(settled, acks, context);
    assertComplete(settled, acks, context);
    assertNoLoggedFailures(context);
    System.out.printf(
        "delivery crash test: seed %d, %d kills, %d acknowledged calls, %d items, %d ticks%s%n",
        seed,
        CYCLES,
        acks.size(),
        settled.rows(DeliveryCrashWriter.LEDGER, "items").size(),
        settled.rows(DeliveryCrashWriter.TICKER, "ticks").size(),
        summary);
    assertTrue(
        acks.stream().anyMatch(ack -> ack.module().equals(DeliveryCrashWriter.FORWARDER)),
        "the children acknowledged too little to test anything");
  }

  /** Odd cycles kill while the callers run; the others during start-up, recovery or resends. */
  private static KillPoint killPoint(int cycle, Random random) {
    if (cycle % 2 == 1) {
      return KillPoint.CALLS;
    }
    var early = new KillPoint[] {KillPoint.START_UP, KillPoint.DEPLOY, KillPoint.REDELIVERY};
    return cycle / 2 <= early.length ? early[cycle / 2 - 1] : early[random.nextInt(early.length)];
  }

  /** Starts a child, waits for the kill point, SIGKILLs it and waits until it is gone. */
  private ModuleCrashWriterProcess runUntilKilled(
      Path dataDir, int cycle, KillPoint point, int snapshotEvery, Random random, String where)
      throws IOException, InterruptedException {
    var stderr = dir.resolve("child-" + cycle + ".stderr");
    var child =
        ModuleCrashWriterProcess.start(
            DeliveryCrashWriter.class, dataDir, stderr, cycle, random.nextLong(), snapshotEvery);
    children.add(child.process());
    Supplier<String> context = () -> where + "\n" + child.describe();
    switch (point) {
      case START_UP:
        Thread.sleep(200 + random.nextInt(2_500));
        break;
      case DEPLOY:
        awaitMarker(child, ModuleCrashWriter.STARTED, context);
        Thread.sleep(random.nextInt(300));
        break;
      case REDELIVERY:
        awaitMarker(child, ModuleCrashWriter.READY, context);
        Thread.sleep(random.nextInt(300));
        break;
      case CALLS:
        awaitMarker(child, ModuleCrashWriter.READY, context);
        if (random.nextBoolean()) {
          Thread.sleep(300 + random.nextInt(2_000));
        } else {
          child.awaitAcks(1 + random.nextInt(3_000), Duration.ofSeconds(5));
        }
        break;
    }
    child.kill(KILL_TIMEOUT, context);
    return child;
  }

  private static void awaitMarker(
      ModuleCrashWriterProcess child, String marker, Supplier<String> context)
      throws InterruptedException {
    assertTrue(
        child.awaitMarker(marker, READY_TIMEOUT),
        () -> "the child never printed " + marker + "\n" + context.get());
  }

  /**
   * A node on {@code dataDir} in this JVM. Closing a node while its modules still send each other
   * deliveries and acknowledgements leaves messages buffered in the shard region for shards that
   * already stopped, and both the region's graceful shutdown and the cluster exit wait for them
   * until their phases time out (10 s each by default); the checks shorten those waits, since
   * everything they read is durable by then.
   */
  private static IntersticeNode startNode(Path dataDir) {
    var config =
        ModuleCrashWriter.config(0)
            + """
            pekko.coordinated-shutdown.phases.cluster-sharding-shutdown-region.timeout = 1s
            pekko.coordinated-shutdown.phases.cluster-exiting.timeout = 1s
            """;
    return IntersticeNode.builder().dataDir(dataDir).config(config).start();
  }

  /**
   * Reads the tables while deliveries may still be under way, in an order that makes the checks of
   * {@link #assertConsistent} hold at any moment: what consumes before what it consumes from (tally
   * before ledger), what is called before its callers (ledger before forwarder and ticker).
   */
  private static State readInProgress(IntersticeNode node) {
    var tables = new HashMap<String, List<Object[]>>();
    read(node, tables, DeliveryCrashWriter.TALLY, "seen", "anomalies");
    read(node, tables, DeliveryCrashWriter.AUDIT, "anomalies", "balances", "movements");
    read(node, tables, DeliveryCrashWriter.LEDGER, "items");
    read(node, tables, DeliveryCrashWriter.FORWARDER, "forwards");
    read(node, tables, DeliveryCrashWriter.TICKER, "anomalies", "ticks");
    read(node, tables, ModuleCrashWriter.BANK, "accounts");
    return new State(tables);
  }

  /** Adds {@code module}'s tables to {@code into}; nothing when it is not deployed (yet). */
  private static void read(
      IntersticeNode node, Map<String, List<Object[]>> into, String module, String... tables) {
    for (var table : tables) {
      try {
        into.put(module + "." + table, node.rows(module, table));
      } catch (CallFailedException e) {
        if (e.kind() != ErrorKind.UNKNOWN_MODULE) {
          throw e;
        }
      }
    }
  }

  /**
   * Touches every module, so that each recovers and resends what its targets have not acknowledged;
   * waits until the schedule ran here and stops it, so that the ticker stops calling the ledger;
   * then reads until the deliveries settled: tally has seen every item, every forward and every run
   * of the schedule reached the ledger, and the audit follows the bank.
   */
  private static State awaitSettled(IntersticeNode node, Supplier<String> context)
      throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    long ticksAtStart = readInProgress(node).rows(DeliveryCrashWriter.TICKER, "ticks").size();
    while (readInProgress(node).rows(DeliveryCrashWriter.TICKER, "ticks").size() == ticksAtStart) {
      if (System.nanoTime() > deadline) {
        fail("the schedule did not run within " + SETTLE_TIMEOUT + "\n" + context.get());
      }
      Thread.sleep(50);
    }
    node.call(DeliveryCrashWriter.TICKER, "stop");
    while (true) {
      var state = readInProgress(node);
      var items = state.rows(DeliveryCrashWriter.LEDGER, "items");
      var tokens = new HashMap<String, Long>();
      items.forEach(item -> tokens.put((String) item[1], (Long) item[2]));
      var forwardsWithoutItem =
          state.rows(DeliveryCrashWriter.FORWARDER, "forwards").stream()
              .map(forward -> (String) forward[0])
              .filter(token -> !tokens.containsKey(token))
              .toList();
      var runsWithoutItem =
          state.rows(DeliveryCrashWriter.TICKER, "ticks").stream()
              .map(tick -> Ticker.token((Long) tick[0]))
              .filter(token -> !tokens.containsKey(token))
              .toList();
      var bank = balances(state, ModuleCrashWriter.BANK, "accounts", 2);
      var audit = balances(state, DeliveryCrashWriter.AUDIT, "balances", 1);
      int seen = state.rows(DeliveryCrashWriter.TALLY, "seen").size();
      if (seen == items.size()
          && forwardsWithoutItem.isEmpty()
          && runsWithoutItem.isEmpty()
          && bank.equals(audit)) {
        return state;
      }
      if (System.nanoTime() > deadline) {
        fail(
            ("deliveries did not settle within %s: %d items, %d seen; forwards without an item %s;"
                    + " schedule runs without an item %s; bank %s, audit %s\n%s")
                .formatted(
                    SETTLE_TIMEOUT,
                    items.size(),
                    seen,
                    forwardsWithoutItem,
                    runsWithoutItem,
                    bank,
                    audit,
                    context.get()));
      }
      Thread.sleep(200);
    }
  }

  /** Account id to balance, from column {@code column} of {@code module.table}. */
  private static Map<Long, Long> balances(State state, String module, String table, int column) {
    var balances = new TreeMap<Long, Long>();
    state.rows(module, table).forEach(row -> balances.put((Long) row[0], (Long) row[column]));
    return balances;
  }

  /** What holds at any moment, delivered or not; see the class comment. */
  private static void assertConsistent(State state, List<Ack> acks, Supplier<String> context) {
    for (var module :
        List.of(DeliveryCrashWriter.TALLY, DeliveryCrashWriter.AUDIT, DeliveryCrashWriter.TICKER)) {
      var anomalies = state.rows(module, "anomalies").stream().map(row -> (String) row[1]).toList();
      assertTrue(
          anomalies.isEmpty(),
          () -> module + " recorded anomalies: " + anomalies + "\n" + context.get());
    }
    var items = state.rows(DeliveryCrashWriter.LEDGER, "items");
    var itemsByToken = new HashMap<String, Object[]>();
    for (int i = 0; i < items.size(); i++) {
      var item = items.get(i);
      int index = i;
      assertEquals(
          i + 1L, (Long) item[0], () -> "ledger: item #" + (index + 1) + " has id " + item[0]);
      var earlier = itemsByToken.put((String) item[1], item);
      if (earlier != null) {
        fail(
            "ledger: token %s added twice, items %s and %s\n%s"
                .formatted(item[1], List.of(earlier), List.of(item), context.get()));
      }
    }
    var seen = state.rows(DeliveryCrashWriter.TALLY, "seen");
    assertTrue(
        seen.size() <= items.size(),
        () ->
            "tally saw %d items, the ledger has %d\n%s"
                .formatted(seen.size(), items.size(), context.get()));
    for (int i = 0; i < seen.size(); i++) {
      var item = items.get(i);
      var row = seen.get(i);
      if (!row[0].equals(item[0]) || !row[1].equals(item[1]) || !row[2].equals(item[2])) {
        fail(
            "tally: seen row #%d is %s, the ledger's item is %s\n%s"
                .formatted(i + 1, List.of(row), List.of(item), context.get()));
      }
    }
    var forwards = new HashMap<String, Long>();
    state
        .rows(DeliveryCrashWriter.FORWARDER, "forwards")
        .forEach(row -> forwards.put((String) row[0], (Long) row[1]));
    for (var item : items) {
      var token = (String) item[1];
      if (token.startsWith("f") && !item[2].equals(forwards.get(token))) {
        fail(
            "ledger: item %s came through the forwarder, which forwarded %s\n%s"
                .formatted(List.of(item), forwards.get(token), context.get()));
      }
    }
    var slots = new HashSet<String>();
    state
        .rows(DeliveryCrashWriter.TICKER, "ticks")
        .forEach(tick -> slots.add(Ticker.token((Long) tick[0])));
    for (var item : items) {
      var token = (String) item[1];
      if (token.startsWith("t") && !slots.contains(token)) {
        fail(
            "ledger: item %s came from a schedule run the ticker does not have\n%s"
                .formatted(List.of(item), context.get()));
      }
    }
    var missing = new ArrayList<String>();
    for (var ack : acks) {
      if (ack.module().equals(DeliveryCrashWriter.LEDGER)) {
        var item = itemsByToken.get(ack.key());
        if (item == null || (Long) item[2] != ack.n()) {
          missing.add(ack + " -> " + (item == null ? "no item" : List.of(item)));
        }
      } else if (ack.module().equals(DeliveryCrashWriter.FORWARDER)) {
        var amount = forwards.get(ack.key());
        if (amount == null || amount != ack.n()) {
          missing.add(ack + " -> forwarded " + amount);
        }
      }
    }
    assertTrue(
        missing.isEmpty(),
        () ->
            "%d acknowledged calls are not in the recovered state, first: %s\n%s"
                .formatted(
                    missing.size(),
                    missing.subList(0, Math.min(10, missing.size())),
                    context.get()));
  }

  /**
   * After the deliveries settled: tally has seen exactly the ledger's items, every forward has one
   * item with its token and amount, every acknowledged forward too, the audit's movements add up to
   * the bank's balances, and the schedule's runs are in strictly increasing slots.
   */
  private static void assertComplete(State state, List<Ack> acks, Supplier<String> context) {
    var items = state.rows(DeliveryCrashWriter.LEDGER, "items");
    assertEquals(
        items.size(),
        state.rows(DeliveryCrashWriter.TALLY, "seen").size(),
        () -> "tally has not seen exactly the ledger's items\n" + context.get());
    var itemTokens = new HashMap<String, Long>();
    items.forEach(item -> itemTokens.put((String) item[1], (Long) item[2]));
    var forwards = state.rows(DeliveryCrashWriter.FORWARDER, "forwards");
    for (var forward : forwards) {
      assertEquals(
          forward[1],
          itemTokens.get((String) forward[0]),
          () -> "forward " + List.of(forward) + " has no item\n" + context.get());
    }
    long forwardedItems = items.stream().filter(item -> ((String) item[1]).startsWith("f")).count();
    assertEquals(
        forwards.size(),
        forwardedItems,
        () -> "forwards vs items that came through the forwarder\n" + context.get());
    for (var ack : acks) {
      if (ack.module().equals(DeliveryCrashWriter.FORWARDER)) {
        assertEquals(
            ack.n(),
            itemTokens.get(ack.key()),
            () -> "acknowledged forward " + ack + " has no item\n" + context.get());
      }
    }
    var ticks = state.rows(DeliveryCrashWriter.TICKER, "ticks");
    for (var tick : ticks) {
      assertEquals(
          1L,
          itemTokens.get(Ticker.token((Long) tick[0])),
          () -> "schedule run " + List.of(tick) + " has no item\n" + context.get());
    }
    long scheduledItems = items.stream().filter(item -> ((String) item[1]).startsWith("t")).count();
    assertEquals(
        ticks.size(),
        scheduledItems,
        () -> "schedule runs vs items that came from them\n" + context.get());
    var bank = balances(state, ModuleCrashWriter.BANK, "accounts", 2);
    var moved = new TreeMap<Long, Long>();
    state
        .rows(DeliveryCrashWriter.AUDIT, "movements")
        .forEach(row -> moved.merge((Long) row[1], (Long) row[2], Long::sum));
    assertEquals(
        bank, moved, () -> "the audit's movements do not add up to the bank\n" + context.get());
    long lastSlot = Long.MIN_VALUE;
    long lastMicros = Long.MIN_VALUE;
    for (var tick : ticks) {
      long slot = (Long) tick[0];
      long micros = (Long) tick[1];
      if (slot <= lastSlot || micros <= lastMicros) {
        fail(
            "ticker: run %s follows slot %d at %d µs\n%s"
                .formatted(List.of(tick), lastSlot, lastMicros, context.get()));
      }
      lastSlot = slot;
      lastMicros = micros;
    }
  }

  /** No child logged a failed delivery or schedule run, or dropped messages. */
  private void assertNoLoggedFailures(Supplier<String> context) throws IOException {
    var logged = new ArrayList<String>();
    for (int cycle = 1; cycle <= CYCLES; cycle++) {
      var stderr = dir.resolve("child-" + cycle + ".stderr");
      if (Files.exists(stderr)) {
        for (var line : Files.readAllLines(stderr)) {
          if (LOGGED_FAILURE.matcher(line).find()) {
            logged.add("child " + cycle + ": " + line);
          }
        }
      }
    }
    assertTrue(
        logged.isEmpty(), () -> "the children logged failures: " + logged + "\n" + context.get());
  }
}
