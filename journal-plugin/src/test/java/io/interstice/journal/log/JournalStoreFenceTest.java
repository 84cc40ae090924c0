package io.interstice.journal.log;

import static io.interstice.journal.log.LogFixture.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.journal.FencedWriteException;
import io.interstice.journal.WriteFence;
import io.interstice.journal.log.internal.PersistenceHistory;
import io.interstice.journal.log.internal.PersistenceHistory.Owner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Journals of several nodes on one data directory, each fenced by its view of the lease covering
 * one module: what a node that lost the lease — paused past its expiry, as with SIGSTOP — can still
 * write, what it can acknowledge (nothing), and what the new owner and any later reader take as the
 * module's history.
 */
class JournalStoreFenceTest {
  static final String PID = "module|bank";

  @TempDir Path dataDir;

  /**
   * One node's view of its lease. {@link #freezeAfterYes} makes it answer yes once more and then
   * freeze before it acts on the answer, while the given steps run: what other nodes do while this
   * one is stopped between checking its lease and writing.
   */
  static final class NodeFence implements WriteFence {
    volatile boolean held;
    private final AtomicInteger yesesUntilFreeze = new AtomicInteger(-1);
    private volatile Runnable meanwhile;

    NodeFence(boolean held) {
      this.held = held;
    }

    /**
     * After the {@code nth} yes from now (1 = the next one), runs {@code steps} before answering.
     */
    void freezeAfterYes(int nth, Runnable steps) {
      meanwhile = steps;
      yesesUntilFreeze.set(nth);
    }

    @Override
    public boolean mayAcknowledge(String persistenceId) {
      if (!held) {
        return false;
      }
      if (yesesUntilFreeze.get() > 0 && yesesUntilFreeze.decrementAndGet() == 0) {
        meanwhile.run();
      }
      return true;
    }
  }

  private JournalStore open(String logId, WriteFence fence) {
    return open(logId, fence, LogListener.NONE);
  }

  private JournalStore open(String logId, WriteFence fence, LogListener listener) {
    return JournalStore.builder(dataDir, logId)
        .settings(LogFixture.settings().fsync(FsyncPolicy.ALWAYS).build())
        .listener(listener)
        .fence(() -> fence)
        .open();
  }

  /** The id's history as a reader of {@code store} replays it. */
  private static List<String> history(JournalStore store) {
    var out = new ArrayList<String>();
    store.replay(
        PID, 1, Long.MAX_VALUE, e -> out.add(new String(e.payload(), StandardCharsets.UTF_8)));
    return out;
  }

  private static void write(JournalStore store, long seq, String text) {
    store.append(List.of(frame(PID, seq, text))).join();
  }

  private static FencedWriteException refusal(CompletableFuture<Void> write) {
    var failure = assertThrows(CompletionException.class, write::join);
    var fenced = assertInstanceOf(FencedWriteException.class, failure.getCause());
    assertEquals(PID, fenced.persistenceId());
    assertTrue(fenced.getMessage().contains("stale writer, fenced"), fenced.getMessage());
    return fenced;
  }

  private List<Owner> owners() {
    return new PersistenceHistory(
            dataDir.resolve(JournalStore.JOURNAL_DIR).resolve(JournalStore.HISTORIES_DIR))
        .owners(PID);
  }

  /** A holds the lease and writes 1..3, each acknowledged. */
  private static void aWritesOneToThree(JournalStore a) {
    assertEquals(0, a.takeOver(PID));
    for (int seq = 1; seq <= 3; seq++) {
      write(a, seq, "a" + seq);
    }
  }

  /**
   * A's next check of its lease says held, and A freezes right after it; meanwhile A's lease
   * expires, B takes it over (reading 1..3) and then does {@code thenB}.
   */
  private static void freezeAWhileBTakesOver(
      NodeFence fenceA, NodeFence fenceB, JournalStore b, Runnable thenB) {
    fenceA.freezeAfterYes(
        1,
        () -> {
          fenceA.held = false;
          fenceB.held = true;
          assertEquals(3, b.takeOver(PID));
          assertEquals(List.of("a1", "a2", "a3"), history(b));
          thenB.run();
        });
  }

  @Test
  void shouldAcknowledgeWritesWhileTheLeaseIsHeld() {
    try (var a = open("node-a", new NodeFence(true))) {
      aWritesOneToThree(a);

      assertEquals(List.of("a1", "a2", "a3"), history(a));
      assertEquals(List.of(new Owner("node-a", 1)), owners());
    }
  }

  @Test
  void shouldRefuseAWriteBeforeWritingItWhenTheLeaseIsAlreadyLost() {
    var fenceA = new NodeFence(true);
    try (var a = open("node-a", fenceA)) {
      aWritesOneToThree(a);
      fenceA.held = false;

      var fenced = refusal(a.append(List.of(frame(PID, 4, "a4"))));

      assertTrue(fenced.getMessage().contains("nothing was written"), fenced.getMessage());
      assertEquals(List.of("a1", "a2", "a3"), LogFixture.texts(a.ownLog(), PID));
    }
  }

  /**
   * The SIGSTOP story: A holds the lease and acknowledges 1..3; A checks its lease for its next
   * write and is stopped before writing; its lease expires, B takes it, replays 1..3 and writes 4;
   * A resumes, writes its 4 and forces it — and is refused before acknowledging it.
   */
  @Test
  void shouldNeverAcknowledgeAPausedWritersWriteNorLetAnyReaderCountIt() {
    var fenceA = new NodeFence(true);
    var fenceB = new NodeFence(false);
    try (var a = open("node-a", fenceA);
        var b = open("node-b", fenceB)) {
      aWritesOneToThree(a);
      freezeAWhileBTakesOver(fenceA, fenceB, b, () -> write(b, 4, "b4"));

      var fenced = refusal(a.append(List.of(frame(PID, 4, "a4 (stale)"))));

      assertTrue(fenced.getMessage().contains("not acknowledged"), fenced.getMessage());
      assertEquals(
          List.of("a1", "a2", "a3", "a4 (stale)"),
          LogFixture.texts(a.ownLog(), PID),
          "the refused frame stays in A's log");
      assertEquals(List.of("a1", "a2", "a3", "b4"), history(b));
      assertEquals(4, b.highestSequenceNr(PID));
    }
    assertEquals(List.of(new Owner("node-a", 1), new Owner("node-b", 4)), owners());
    try (var c = open("node-c", WriteFence.NONE)) {
      assertEquals(List.of("a1", "a2", "a3", "b4"), history(c));
      assertEquals(4, c.highestSequenceNr(PID));
    }
  }

  @Test
  void shouldKeepAStaleWriteOutOfTheHistoryWhenTheNewOwnerTookOverButNeverWrote() {
    var fenceA = new NodeFence(true);
    var fenceB = new NodeFence(false);
    try (var a = open("node-a", fenceA);
        var b = open("node-b", fenceB)) {
      aWritesOneToThree(a);
      freezeAWhileBTakesOver(fenceA, fenceB, b, () -> {});

      refusal(a.append(List.of(frame(PID, 4, "a4 (stale)"))));

      assertEquals(List.of("a1", "a2", "a3"), history(b));
      assertEquals(3, b.highestSequenceNr(PID));
    }
    try (var c = open("node-c", WriteFence.NONE)) {
      assertEquals(List.of("a1", "a2", "a3"), history(c));
      assertEquals(3, c.highestSequenceNr(PID), "A's stale 4 lies past A's part of the history");
    }
  }

  /**
   * A refused write that reached the disk before the new owner read the history: the new owner
   * reads it like any other event and goes on from it, so every reader agrees — the refused
   * caller's outcome is unknown, as after a timeout, never lost after being acknowledged.
   */
  @Test
  void shouldLetANewOwnerThatReadARefusedWriteContinueFromIt() {
    var fenceA = new NodeFence(true);
    LogListener loseLeaseOnForce =
        new LogListener() {
          @Override
          public void forced(long nanos) {
            fenceA.held = false;
          }
        };
    try (var a = open("node-a", fenceA, loseLeaseOnForce)) {
      assertEquals(0, a.takeOver(PID));
      refusal(a.append(List.of(frame(PID, 1, "a1 (refused)"))));
    }
    try (var b = open("node-b", new NodeFence(true))) {
      assertEquals(1, b.takeOver(PID));
      write(b, 2, "b2");
      assertEquals(List.of("a1 (refused)", "b2"), history(b));
    }
    try (var c = open("node-c", WriteFence.NONE)) {
      assertEquals(List.of("a1 (refused)", "b2"), history(c));
    }
  }

  /**
   * A checks its lease inside the claim lock and is stopped before writing its claim; B takes the
   * lease over meanwhile. B's claim must wait for A's and land after it: the other way round, A's
   * late claim would hand it every event B writes from then on.
   */
  @Test
  void shouldWriteClaimsInLeaseOrderWhenAClaimerIsStoppedAfterItsCheck() throws Exception {
    try (var x = open("node-x", WriteFence.NONE)) {
      write(x, 1, "x1");
      write(x, 2, "x2");
    }
    var fenceA = new NodeFence(true);
    var fenceB = new NodeFence(false);
    try (var a = open("node-a", fenceA);
        var b = open("node-b", fenceB)) {
      var bTookOver = new CompletableFuture<Long>();
      // The first yes is takeOver's own check; the second is the check under the claim lock.
      fenceA.freezeAfterYes(
          2,
          () -> {
            fenceA.held = false;
            fenceB.held = true;
            CompletableFuture.runAsync(() -> bTookOver.complete(b.takeOver(PID)));
            assertThrows(TimeoutException.class, () -> bTookOver.get(300, TimeUnit.MILLISECONDS));
          });

      assertEquals(2, a.takeOver(PID));
      assertEquals(2, bTookOver.get(10, TimeUnit.SECONDS));
      write(b, 3, "b3");

      assertEquals(
          List.of(new Owner("node-x", 1), new Owner("node-a", 3), new Owner("node-b", 3)),
          owners());
      refusal(a.append(List.of(frame(PID, 3, "a3 (stale)"))));
    }
    try (var c = open("node-c", WriteFence.NONE)) {
      assertEquals(List.of("x1", "x2", "b3"), history(c));
    }
  }

  @Test
  void shouldRefuseADeletionByANodeThatLostTheLease() {
    var fenceA = new NodeFence(true);
    try (var a = open("node-a", fenceA)) {
      aWritesOneToThree(a);
      fenceA.held = false;

      var fenced = assertThrows(FencedWriteException.class, () -> a.deleteTo(PID, 2));

      assertTrue(fenced.getMessage().startsWith("deletion up to 2 of '" + PID + "' refused"));
      assertEquals(List.of("a1", "a2", "a3"), history(a));
    }
  }

  @Test
  void shouldNeitherClaimAtRecoveryNorLockWithoutAFence() {
    try (var a = open("node-a", WriteFence.NONE)) {
      assertEquals(0, a.takeOver(PID));
      assertEquals(List.of(), owners());

      write(a, 1, "a1");

      assertEquals(List.of(new Owner("node-a", 1)), owners());
    }
    var histories = dataDir.resolve(JournalStore.JOURNAL_DIR).resolve(JournalStore.HISTORIES_DIR);
    assertFalse(Files.exists(histories.resolve(PersistenceHistory.LOCKS_DIR)));
  }
}
