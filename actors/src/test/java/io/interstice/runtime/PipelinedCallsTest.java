package io.interstice.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.examples.bank.Bank;
import io.interstice.journal.testkit.FaultyChannels;
import io.interstice.journal.testkit.FaultyChannels.Fault;
import io.interstice.journal.testkit.SubstitutedChannels;
import io.interstice.runtime.node.IntersticeNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pipelined writes seen from a module's callers, on a real log whose force the test holds or fails:
 * while a batch is forced the module runs the next one, but nobody hears of either (answers, reads)
 * before its force; a force that fails answers no call with success, and the module comes back with
 * exactly the forced state.
 */
class PipelinedCallsTest {
  /** Long enough for a call sent now to have run and been acknowledged, on a busy machine. */
  private static final long SETTLE_MILLIS = 2000;

  @TempDir Path dir;
  @RegisterExtension final SubstitutedChannels substituted = new SubstitutedChannels(() -> dir);
  private final FaultyChannels channels = substituted.channels();

  private IntersticeNode start() {
    return IntersticeNode.builder()
        .dataDir(dir)
        .config("interstice.node.ask-timeout = 20s\ninterstice.journal.pipelined-writes = on")
        .start();
  }

  private static List<String> owners(List<Object[]> rows) {
    return rows.stream().map(row -> (String) row[1]).sorted().toList();
  }

  private static CompletableFuture<RowPage> rows(IntersticeNode node) {
    return node.rowsAsync("bank", "accounts", null, 100).toCompletableFuture();
  }

  /** The calls of two batches: the first held in its force, the second run meanwhile. */
  private record TwoBatches(
      CompletableFuture<TxReceipt> first, CompletableFuture<TxReceipt> second) {}

  /**
   * Deploys the bank with ann's account, then opens ben's in a batch whose force is held and cid's
   * in the next batch, and waits until that one ran (acknowledged, queued behind the held force).
   */
  private TwoBatches twoBatchesDuringAHeldForce(IntersticeNode node) throws InterruptedException {
    node.deploy(Bank.class);
    node.call("bank", "open", "ann", 10L);
    channels.holdNextForce();
    var first = node.callAsync("bank", "open", "ben", 5L).toCompletableFuture();
    channels.awaitForceHeld();
    var second = node.callAsync("bank", "open", "cid", 5L).toCompletableFuture();
    Thread.sleep(SETTLE_MILLIS);
    return new TwoBatches(first, second);
  }

  @Test
  void shouldRunTheNextBatchDuringAForceButAnswerNothingBeforeItsForce() throws Exception {
    try (var node = start()) {
      var batches = twoBatchesDuringAHeldForce(node);
      var first = batches.first();
      var second = batches.second();
      // Read after the second batch ran: it includes both batches, neither of them forced.
      var read = rows(node);
      var described = node.describeAsync("bank").toCompletableFuture();
      Thread.sleep(SETTLE_MILLIS);
      assertFalse(first.isDone(), "answered before its force");
      assertFalse(second.isDone(), "answered before its force");
      assertFalse(read.isDone(), "a read of unforced state was answered");
      assertFalse(described.isDone(), "a read of unforced state was answered");

      channels.releaseForce();
      first.get(20, TimeUnit.SECONDS);
      second.get(20, TimeUnit.SECONDS);
      assertEquals(
          List.of("ann", "ben", "cid"),
          owners(read.get(20, TimeUnit.SECONDS).rows()),
          "the read was not computed while the first batch was being forced");
      assertEquals(
          node.describe("bank").lastTxId(),
          described.get(20, TimeUnit.SECONDS).lastTxId(),
          "the description was not read with both batches");
    }
  }

  @Test
  void shouldStartASubscriptionAfterTheForceWithEveryChangeExactlyOnce() throws Exception {
    try (var node = start()) {
      var batches = twoBatchesDuringAHeldForce(node);
      var first = batches.first();
      var second = batches.second();
      var updates = new java.util.concurrent.CopyOnWriteArrayList<LiveUpdate>();
      var subscribed =
          node.subscribeAsync("bank", java.util.Set.of("accounts"), updates::add)
              .toCompletableFuture();
      Thread.sleep(SETTLE_MILLIS);
      assertFalse(subscribed.isDone(), "subscribed before the force");
      assertTrue(updates.isEmpty(), "rows of unforced state were sent: " + updates);

      channels.releaseForce();
      first.get(20, TimeUnit.SECONDS);
      second.get(20, TimeUnit.SECONDS);
      try (var subscription = subscribed.get(20, TimeUnit.SECONDS)) {
        node.call("bank", "open", "dan", 5L);
        var current = assertInstanceOf(LiveUpdate.Current.class, updates.get(0));
        assertEquals(List.of("ann", "ben", "cid"), owners(current.rows().get("accounts")));
        // The two batches the rows include are not sent again; the next one is, once.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (updates.size() < 2 && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        Thread.sleep(200);
        assertEquals(2, updates.size(), updates.toString());
        var next = assertInstanceOf(LiveUpdate.Committed.class, updates.get(1));
        assertEquals("dan", next.changes().get(0).newRow()[1]);
      }
    }
  }

  @Test
  void shouldAnswerNoSuccessWhenAForceFailsAndComeBackWithTheForcedState() throws Exception {
    try (var node = start()) {
      node.deploy(Bank.class);
      node.call("bank", "open", "ann", 10L);

      channels.arm(Fault.FORCE_FAILS);
      channels.holdNextForce();
      var lost = node.callAsync("bank", "open", "lost", 1L).toCompletableFuture();
      channels.awaitForceHeld();
      var queued = node.callAsync("bank", "open", "queued", 1L).toCompletableFuture();
      Thread.sleep(SETTLE_MILLIS);
      var read = rows(node);
      Thread.sleep(SETTLE_MILLIS);
      assertFalse(read.isDone(), "a read of unforced state was answered");
      channels.releaseForce();

      var failed = unavailable(lost);
      assertTrue(failed.getMessage().contains("acknowledged as durable"), failed.getMessage());
      unavailable(queued);
      var readFailure = assertThrows(CompletionException.class, read::join).getCause();
      assertEquals(
          ErrorKind.UNAVAILABLE,
          assertInstanceOf(CallFailedException.class, readFailure).kind(),
          readFailure.getMessage());

      channels.disarm();
      assertEquals(List.of("ann"), owners(node.rows("bank", "accounts")));
      node.call("bank", "open", "dan", 10L);
      assertEquals(List.of("ann", "dan"), owners(node.rows("bank", "accounts")));
    }
    try (var node = start()) {
      assertEquals(List.of("ann", "dan"), owners(node.rows("bank", "accounts")));
    }
  }

  private static CallFailedException unavailable(CompletableFuture<TxReceipt> call) {
    var failure = assertThrows(CompletionException.class, call::join).getCause();
    var refused = assertInstanceOf(CallFailedException.class, failure);
    assertEquals(ErrorKind.UNAVAILABLE, refused.kind(), refused.getMessage());
    return refused;
  }
}
