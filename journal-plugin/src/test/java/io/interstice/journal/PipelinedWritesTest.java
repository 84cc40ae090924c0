package io.interstice.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.journal.log.RecoveryMode;
import io.interstice.journal.snapshot.SnapshotDirectory;
import io.interstice.journal.testkit.FaultyChannels;
import io.interstice.journal.testkit.FaultyChannels.Fault;
import io.interstice.journal.testkit.JournalClient;
import io.interstice.journal.testkit.SubstitutedChannels;
import io.interstice.journal.testkit.TestEvent;
import io.interstice.journal.testkit.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotProtocol;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pipelined writes through the Pekko journal protocol, on real files whose force a test holds or
 * fails: a write of a watched id is acknowledged while its force is still running and its watch
 * hears of the force afterwards; an unwatched id waits for the force; a snapshot waits for the
 * force of what it covers; and a lost write loses its id until it recovers, the writes queued
 * behind it included.
 */
class PipelinedWritesTest {
  private static final Duration QUIET = Duration.ofMillis(400);

  @TempDir Path dir;
  @RegisterExtension final SubstitutedChannels substituted = new SubstitutedChannels(() -> dir);
  private final FaultyChannels channels = substituted.channels();

  /** What a watch heard: a forced sequence number, or the failure. */
  private static final class Reports implements DurabilityWatch.Listener {
    final BlockingQueue<Object> heard = new LinkedBlockingQueue<>();
    final DurabilityWatch watch = new DurabilityWatch(this);

    @Override
    public void forced(long sequenceNr) {
      heard.add(sequenceNr);
    }

    @Override
    public void failed(Throwable cause) {
      heard.add(cause);
    }

    Object next() throws InterruptedException {
      var report = heard.poll(10, TimeUnit.SECONDS);
      if (report == null) {
        throw new AssertionError("the watch heard nothing within 10 s");
      }
      watch.heard();
      return report;
    }
  }

  private static Reports watch(TestNode node, String persistenceId) {
    var reports = new Reports();
    JournalRegistry.ID.get(node.system()).watch(persistenceId, reports.watch);
    return reports;
  }

  private static TestKit write(JournalClient journal, String id, long seq, String text) {
    return journal.sendWrite(journal.atomicWrites(id, seq, List.of(List.of(new TestEvent(text)))));
  }

  /** Within half the time the channels hold a force: an acknowledgement before the force ends. */
  private static void expectAcknowledged(TestKit probe) {
    var early = Duration.ofSeconds(5);
    probe.expectMsgClass(early, JournalProtocol.WriteMessagesSuccessful$.class);
    probe.expectMsgClass(early, JournalProtocol.WriteMessageSuccess.class);
  }

  private static TestKit saveSnapshot(ActorSystem system, String id, long seq) {
    var probe = new TestKit(system);
    var store =
        Persistence.get(system)
            .snapshotStoreFor(
                "interstice.snapshot-store", com.typesafe.config.ConfigFactory.empty());
    store.tell(
        new SnapshotProtocol.SaveSnapshot(
            new SnapshotMetadata(id, seq, System.currentTimeMillis()), new TestEvent("state")),
        probe.getRef());
    return probe;
  }

  private long newestSnapshot(String id) {
    return SnapshotDirectory.open(dir, RecoveryMode.STRICT)
        .newest(id, SnapshotDirectory.Criteria.latest())
        .map(snapshot -> snapshot.sequenceNr())
        .orElse(0L);
  }

  @Test
  void shouldAcknowledgeAWatchedWriteBeforeItsForceAndSnapshotOnlyAfterIt() throws Exception {
    try (var node = TestNode.start(dir, "node-a", "interstice.journal.pipelined-writes = on")) {
      var journal = node.journal();
      var reports = watch(node, "p");
      journal.writeTexts("p", 1, List.of("p1"));
      assertEquals(1L, reports.next());

      channels.holdNextForce();
      var written = write(journal, "p", 2, "p2");
      channels.awaitForceHeld();
      expectAcknowledged(written);
      var snapshot = saveSnapshot(node.system(), "p", 2);
      snapshot.expectNoMessage(QUIET);
      assertNull(reports.heard.poll(), "forced while the force is held");
      assertEquals(0, newestSnapshot("p"), "a snapshot got ahead of the log");

      channels.releaseForce();
      assertEquals(2L, reports.next());
      snapshot.expectMsgClass(
          JournalClient.REPLY_TIMEOUT, org.apache.pekko.persistence.SaveSnapshotSuccess.class);
      assertEquals(2, newestSnapshot("p"));
    }
  }

  @Test
  void shouldAcknowledgeAnUnwatchedWriteOnlyOnceForced() throws Exception {
    try (var node = TestNode.start(dir, "node-a", "interstice.journal.pipelined-writes = on")) {
      var journal = node.journal();
      journal.writeTexts("q", 1, List.of("q1"));
      channels.holdNextForce();
      var written = write(journal, "q", 2, "q2");
      channels.awaitForceHeld();
      written.expectNoMessage(QUIET);
      channels.releaseForce();
      expectAcknowledged(written);
    }
  }

  @Test
  void shouldRefuseEveryLaterWriteOfAnIdWhoseAcknowledgedWriteWasLostUntilItRecovers()
      throws Exception {
    try (var node = TestNode.start(dir, "node-a", "interstice.journal.pipelined-writes = on")) {
      var journal = node.journal();
      var reports = watch(node, "p");
      journal.writeTexts("p", 1, List.of("p1", "p2"));
      // One report for both writes of the group when the second comes while the first is still
      // unheard (it is folded into it), else a second one: which, the threads' timing decides.
      assertEquals(1L, reports.next());
      var second = reports.heard.poll(200, TimeUnit.MILLISECONDS);
      if (second != null) {
        reports.watch.heard();
        assertEquals(2L, second);
      }
      assertFalse(reports.watch.pending(2));
      assertNull(reports.heard.poll(200, TimeUnit.MILLISECONDS));

      channels.arm(Fault.FORCE_FAILS);
      channels.holdNextForce();
      var lost = write(journal, "p", 3, "p3, lost");
      channels.awaitForceHeld();
      expectAcknowledged(lost);
      // Queued behind the write being forced, and acknowledged: it must never reach the log.
      var queued = write(journal, "p", 4, "p4, queued behind it");
      expectAcknowledged(queued);
      var snapshot = saveSnapshot(node.system(), "p", 4);
      channels.releaseForce();

      var failure = assertInstanceOf(Throwable.class, reports.next());
      assertTrue(failure.getMessage().contains("forcing"), failure.getMessage());
      snapshot.expectMsgClass(
          JournalClient.REPLY_TIMEOUT, org.apache.pekko.persistence.SaveSnapshotFailure.class);
      channels.disarm();
      var refused = write(journal, "p", 5, "p5, after the loss");
      var whole =
          refused.expectMsgClass(
              JournalClient.REPLY_TIMEOUT, JournalProtocol.WriteMessagesFailed.class);
      assertTrue(whole.cause().getMessage().contains("refused"), whole.cause().getMessage());
      // Another id is not concerned.
      journal.writeTexts("other", 1, List.of("o1"));

      // Recovery reads the highest sequence number first: the id may write again from there.
      assertEquals(2, journal.highestSequenceNr("p"));
      journal.writeTexts("p", 3, List.of("p3, after recovery"));
      assertEquals(
          List.of(new TestEvent("p1"), new TestEvent("p2"), new TestEvent("p3, after recovery")),
          journal.replayAll("p").payloads());
      assertEquals(0, newestSnapshot("p"));
    }
  }
}
