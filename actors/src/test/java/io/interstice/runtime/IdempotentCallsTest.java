package io.interstice.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.runtime.module.code.Args;
import io.interstice.runtime.node.IntersticeNode;
import io.interstice.runtime.testmodules.Deposits;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A call with an idempotency key runs once: a retry with the same key is answered with the first
 * call's receipt, after restarts and recoveries from snapshots too, until the key is older than
 * {@code max-age} or pushed out by {@code max-keys} newer ones. {@link Deposits#deposit} adds a row
 * per run, so the rows count the runs that committed.
 */
class IdempotentCallsTest {
  private static final String MODULE = "deposits";
  private static final String NO_SNAPSHOTS = "interstice.module.snapshot-every = 0";

  @TempDir Path dir;

  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-06T10:00:00Z"));

  @Test
  void shouldRunACallOnceForTwoTriesWithTheSameKey() {
    try (var node = start(NO_SNAPSHOTS)) {
      var first = deposit(node, "alice", 10, "k-1");
      var second = deposit(node, "alice", 10, "k-1");
      assertEquals(first, second);
      assertEquals(1, deposits(node));
      assertEquals(first.txId(), node.describe(MODULE).lastTxId());
    }
  }

  @Test
  void shouldRunCallsWithDifferentKeysOrNoKeyEachTime() {
    try (var node = start(NO_SNAPSHOTS)) {
      var first = deposit(node, "alice", 10, "k-1");
      var second = deposit(node, "alice", 10, "k-2");
      var third = deposit(node, "alice", 10, null);
      var fourth = deposit(node, "alice", 10, null);
      assertEquals(4, new HashSet<>(List.of(first, second, third, fourth)).size());
      assertEquals(4, deposits(node));
    }
  }

  @Test
  void shouldAnswerARetryAfterANodeRestartWithTheFirstReceipt() {
    TxReceipt first;
    try (var node = start(NO_SNAPSHOTS)) {
      first = deposit(node, "alice", 10, "k-1");
      deposit(node, "bob", 5, "k-2");
    }
    try (var node = start(NO_SNAPSHOTS)) {
      assertEquals(first, deposit(node, "alice", 10, "k-1"));
      assertEquals(2, deposits(node));
    }
  }

  @Test
  void shouldAnswerARetryAfterRecoveringFromASnapshotWithTheEventsBeforeItDeleted() {
    var snapshots =
        "interstice.module { snapshot-every = 3, keep-snapshots = 1,"
            + " delete-events-on-snapshot = on }";
    var receipts = new ArrayList<TxReceipt>();
    try (var node = start(snapshots)) {
      for (int i = 1; i <= 7; i++) {
        receipts.add(deposit(node, "alice", i, "k-" + i));
      }
    }
    try (var node = start(snapshots)) {
      var recovery = node.describe(MODULE).recovery();
      assertTrue(recovery.snapshotSequenceNr() >= 6, "recovered from a snapshot: " + recovery);
      for (int i = 1; i <= 7; i++) {
        assertEquals(receipts.get(i - 1), deposit(node, "alice", i, "k-" + i), "key k-" + i);
      }
      assertEquals(7, deposits(node));
    }
  }

  @Test
  void shouldRunARetryAgainOnceItsKeyIsMaxAgeOldAliveAndAfterARestart() {
    var config = NO_SNAPSHOTS + "\ninterstice.module.idempotency.max-age = 1m";
    TxReceipt again;
    try (var node = start(config)) {
      var first = deposit(node, "alice", 10, "k-1");
      clock.advance(Duration.ofSeconds(59));
      assertEquals(first, deposit(node, "alice", 10, "k-1"));
      clock.advance(Duration.ofSeconds(1));
      again = deposit(node, "alice", 10, "k-1");
      assertNotEquals(first, again);
      assertEquals(2, deposits(node));
    }
    try (var node = start(config)) {
      assertEquals(again, deposit(node, "alice", 10, "k-1"), "the newer run is remembered");
      clock.advance(Duration.ofMinutes(1));
      assertNotEquals(again, deposit(node, "alice", 10, "k-1"));
      assertEquals(3, deposits(node));
    }
  }

  @Test
  void shouldForgetTheOldestKeysBeyondMaxKeysAliveAndAfterReplay() {
    var config = NO_SNAPSHOTS + "\ninterstice.module.idempotency.max-keys = 3";
    var receipts = new ArrayList<TxReceipt>();
    try (var node = start(config)) {
      for (int i = 1; i <= 4; i++) {
        receipts.add(deposit(node, "alice", i, "k-" + i));
      }
      assertEquals(receipts.get(3), deposit(node, "alice", 4, "k-4"));
      assertEquals(receipts.get(1), deposit(node, "alice", 2, "k-2"));
      assertEquals(4, deposits(node));
    }
    try (var node = start(config)) {
      // Replay kept k-2, k-3 and k-4, as live did: k-1 runs again, and pushes out k-2.
      assertEquals(receipts.get(2), deposit(node, "alice", 3, "k-3"));
      assertNotEquals(receipts.get(0), deposit(node, "alice", 1, "k-1"));
      assertNotEquals(receipts.get(1), deposit(node, "alice", 2, "k-2"));
      assertEquals(6, deposits(node));
    }
  }

  @Test
  void shouldRunConcurrentDuplicatesOnceAndAnswerEachWithTheSameReceipt() {
    try (var node = start(NO_SNAPSHOTS)) {
      node.deploy(Deposits.class);
      long runs = Deposits.RUNS.get();
      var calls =
          inOneBatch(
              node,
              100,
              i ->
                  i % 2 == 0
                      ? depositAsync(node, "alice", 10, "same")
                      : depositAsync(node, "bob", 1, "other-" + i));
      var same = new HashSet<TxReceipt>();
      for (int i = 0; i < calls.size(); i += 2) {
        same.add(calls.get(i).join());
      }
      assertEquals(1, same.size(), "every duplicate got the first call's receipt: " + same);
      assertEquals(51, deposits(node));
      assertEquals(51, Deposits.RUNS.get() - runs, "runs of the reducer");
    }
  }

  @Test
  void shouldAnswerDuplicatesQueuedBehindARefusedCallWithItsRefusalAndRunALaterRetry() {
    try (var node = start(NO_SNAPSHOTS)) {
      node.deploy(Deposits.class);
      long runs = Deposits.RUNS.get();
      var calls = inOneBatch(node, 20, i -> depositAsync(node, "alice", -1, "refused"));
      for (var call : calls) {
        var failed = assertInstanceOf(CallFailedException.class, failure(call));
        assertEquals(ErrorKind.REDUCER_FAILED, failed.kind());
        assertEquals("a deposit must be positive: -1", failed.getMessage());
      }
      assertEquals(1, Deposits.RUNS.get() - runs, "calls queued behind the refused one ran");
      long before = Deposits.RUNS.get();
      assertThrows(CallFailedException.class, () -> deposit(node, "alice", -1, "refused"));
      assertEquals(1, Deposits.RUNS.get() - before, "a retry after the refusal runs again");
      assertEquals(0, deposits(node));
    }
  }

  @Test
  void shouldRefuseARetryThatAsksForAnotherCall() {
    try (var node = start(NO_SNAPSHOTS)) {
      deposit(node, "alice", 10, "k-1");
      var otherArguments =
          assertThrows(CallFailedException.class, () -> deposit(node, "alice", 11, "k-1"));
      assertEquals(ErrorKind.BAD_ARGUMENTS, otherArguments.kind());
      assertEquals(
          "module deposits: idempotency key 'k-1' belongs to another call (another reducer,"
              + " caller or arguments); a new call needs a new key",
          otherArguments.getMessage());
      var otherReducer =
          assertThrows(
              CallFailedException.class,
              () -> node.call(MODULE, "withdraw", Args.Values.of("alice", 10L), "local", "k-1"));
      assertEquals(ErrorKind.BAD_ARGUMENTS, otherReducer.kind());
      var otherCaller =
          assertThrows(
              CallFailedException.class,
              () -> node.call(MODULE, "deposit", Args.Values.of("alice", 10L), "mallory", "k-1"));
      assertEquals(ErrorKind.BAD_ARGUMENTS, otherCaller.kind());
      assertEquals(1, deposits(node));
    }
  }

  @Test
  void shouldRefuseABadKeyWithoutRunningTheCall() {
    try (var node = start(NO_SNAPSHOTS)) {
      node.deploy(Deposits.class);
      for (var bad : List.of("", "k".repeat(129), "tab\there", "naïve")) {
        var refused = assertThrows(CallFailedException.class, () -> deposit(node, "alice", 1, bad));
        assertEquals(ErrorKind.BAD_ARGUMENTS, refused.kind());
        assertTrue(
            refused.getMessage().startsWith("module deposits: an idempotency key"),
            refused.getMessage());
      }
      assertEquals(0, deposits(node));
    }
  }

  @Test
  void shouldRememberKeysThroughARemoval() {
    try (var node = start(NO_SNAPSHOTS)) {
      var first = deposit(node, "alice", 10, "k-1");
      node.remove(MODULE);
      node.deploy(Deposits.class);
      assertEquals(first, deposit(node, "alice", 10, "k-1"));
      assertEquals(0, deposits(node), "the removal dropped the row, not the key");
    }
  }

  private IntersticeNode start(String config) {
    return IntersticeNode.builder().dataDir(dir).config(config).clock(clock).start();
  }

  /** Deposits through {@link IntersticeNode#call(String, String, Args, String, String)}. */
  private static TxReceipt deposit(IntersticeNode node, String account, long amount, String key) {
    node.deploy(Deposits.class);
    return node.call(MODULE, "deposit", Args.Values.of(account, amount), "local", key);
  }

  private static CompletionStage<TxReceipt> depositAsync(
      IntersticeNode node, String account, long amount, String key) {
    return node.callAsync(MODULE, "deposit", Args.Values.of(account, amount), "local", key);
  }

  /**
   * Sends {@code count} calls while the module pauses, so that they queue up and run in one batch
   * after it; returns them once all are answered.
   */
  private static List<CompletableFuture<TxReceipt>> inOneBatch(
      IntersticeNode node, int count, IntFunction<CompletionStage<TxReceipt>> call) {
    var pause = node.callAsync(MODULE, "pause", Args.Values.of(300L)).toCompletableFuture();
    var calls = new ArrayList<CompletableFuture<TxReceipt>>();
    for (int i = 0; i < count; i++) {
      calls.add(call.apply(i).toCompletableFuture());
    }
    pause.join();
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
        .exceptionally(e -> null)
        .join();
    return calls;
  }

  private static int deposits(IntersticeNode node) {
    return node.rows(MODULE, "deposits").size();
  }

  private static Throwable failure(CompletableFuture<?> call) {
    var thrown = assertThrows(CompletionException.class, call::join);
    return thrown.getCause();
  }

  /** A clock the test moves by hand; transactions take their timestamps from it. */
  private static final class ManualClock extends Clock {
    private volatile Instant now;

    ManualClock(Instant start) {
      this.now = start;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("a test clock has one zone");
    }
  }
}
