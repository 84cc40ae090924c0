package io.interstice.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.journal.log.JournalStore;
import io.interstice.journal.log.LogFixture;
import io.interstice.journal.log.SegmentNames;
import io.interstice.journal.testkit.JournalClient;
import io.interstice.journal.testkit.TestEvent;
import io.interstice.journal.testkit.TestNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay paced by its recovering actor ({@link JournalRegistry#expectReplay}) through the real
 * journal: never more than {@code replay-read-ahead} events in flight, every event in sequence
 * order, and damage handled exactly as by an unpaced replay.
 */
class PacedReplayTest {
  private static final String PID = "paced";
  private static final int READ_AHEAD = 8;
  private static final int EVENTS = 200;

  @TempDir Path dir;

  private static String config(String recoveryMode) {
    return "interstice.journal.segment-size = 4KiB\ninterstice.journal.scrub-interval = off\n"
        + "interstice.journal.replay-read-ahead = "
        + READ_AHEAD
        + "\ninterstice.journal.recovery-mode = "
        + recoveryMode
        + "\n";
  }

  private static List<String> texts(int count) {
    return IntStream.rangeClosed(1, count)
        .mapToObj(i -> "event-" + i + "-" + "x".repeat(60))
        .toList();
  }

  /** What a replay answered: the events received, then its final reply. */
  private record Outcome(List<Long> sequenceNrs, List<Object> payloads, Object last) {}

  /**
   * Replays {@link #PID} as a recovering actor would when {@code pacer} is given: applies (counts)
   * each event only after checking how many are in flight.
   */
  private static Outcome replay(TestNode node, ReplayPacer pacer, int[] mostInFlight) {
    var probe = startReplay(node);
    var sequenceNrs = new ArrayList<Long>();
    var payloads = new ArrayList<Object>();
    while (true) {
      var reply = probe.expectMsgClass(JournalClient.REPLY_TIMEOUT, Object.class);
      if (!(reply instanceof JournalProtocol.ReplayedMessage replayed)) {
        return new Outcome(sequenceNrs, payloads, reply);
      }
      sequenceNrs.add(replayed.persistent().sequenceNr());
      payloads.add(replayed.persistent().payload());
      if (pacer != null) {
        mostInFlight[0] = (int) Math.max(mostInFlight[0], pacer.inFlight());
        pacer.consumed();
      }
    }
  }

  /** Asks the journal for the whole history of {@link #PID}; the replies go to the probe. */
  private static TestKit startReplay(TestNode node) {
    var probe = new TestKit(node.system());
    node.journal()
        .journal()
        .tell(
            new JournalProtocol.ReplayMessages(
                1, Long.MAX_VALUE, Long.MAX_VALUE, PID, probe.getRef()),
            ActorRef.noSender());
    return probe;
  }

  private void write(String recoveryMode) {
    try (var node = TestNode.start(dir, "node-a", config(recoveryMode))) {
      node.journal().writeTexts(PID, 1, texts(EVENTS));
    }
  }

  @Test
  void shouldDeliverEveryEventInOrderWithABoundedReadAhead() {
    write("strict");
    try (var node = TestNode.start(dir, "node-a", config("strict"))) {
      var registry = JournalRegistry.ID.get(node.system());
      var pacer = registry.expectReplay(PID);
      int[] most = {0};
      var outcome = replay(node, pacer, most);
      registry.replayDone(PID, pacer);
      assertEquals(range(1, EVENTS), outcome.sequenceNrs());
      assertEquals(
          texts(EVENTS).stream().map(TestEvent::new).toList(), List.copyOf(outcome.payloads()));
      assertInstanceOf(JournalProtocol.RecoverySuccess.class, outcome.last());
      assertTrue(most[0] <= READ_AHEAD, "at most " + READ_AHEAD + " in flight, saw " + most[0]);
      assertTrue(most[0] > 0);
    }
  }

  @Test
  void shouldHoldTheReplayAtTheReadAheadWhileTheActorAppliesNothing() {
    write("strict");
    try (var node = TestNode.start(dir, "node-a", config("strict"))) {
      var registry = JournalRegistry.ID.get(node.system());
      var pacer = registry.expectReplay(PID);
      var probe = startReplay(node);
      for (int i = 1; i <= READ_AHEAD; i++) {
        var replayed =
            probe.expectMsgClass(
                JournalClient.REPLY_TIMEOUT, JournalProtocol.ReplayedMessage.class);
        assertEquals(i, replayed.persistent().sequenceNr());
      }
      probe.expectNoMessage(Duration.ofMillis(300));
      assertEquals(READ_AHEAD, pacer.inFlight());
      registry.replayDone(PID, pacer); // the actor is done (stopped): the replay reads on
      var rest = JournalClient.collectReplay(probe);
      assertEquals(range(READ_AHEAD + 1, EVENTS), rest.sequenceNrs());
    }
  }

  @Test
  void shouldFailAPacedReplayAtADamagedFrameExactlyAsAnUnpacedOne() throws IOException {
    assertDamageHandledAlike("strict");
  }

  @Test
  void shouldSkipADamagedFrameInAPacedReplayExactlyAsAnUnpacedOne() throws IOException {
    assertDamageHandledAlike("skip-corrupted");
  }

  private void assertDamageHandledAlike(String recoveryMode) throws IOException {
    write(recoveryMode);
    damageMiddleSealedSegment();
    try (var node = TestNode.start(dir, "node-a", config(recoveryMode))) {
      var unpaced = replay(node, null, new int[1]);
      var registry = JournalRegistry.ID.get(node.system());
      var pacer = registry.expectReplay(PID);
      int[] most = {0};
      var paced = replay(node, pacer, most);
      registry.replayDone(PID, pacer);
      assertTrue(unpaced.sequenceNrs().size() < EVENTS, "the damage cost events");
      assertTrue(unpaced.sequenceNrs().size() > READ_AHEAD, "events before the damage replay");
      assertEquals(unpaced.sequenceNrs(), paced.sequenceNrs());
      assertEquals(unpaced.payloads(), paced.payloads());
      assertEquals(unpaced.last().getClass(), paced.last().getClass());
      if (recoveryMode.equals("strict")) {
        var failure = assertInstanceOf(JournalProtocol.ReplayMessagesFailure.class, paced.last());
        assertInstanceOf(CorruptLogException.class, failure.cause());
      } else {
        assertInstanceOf(JournalProtocol.RecoverySuccess.class, paced.last());
        assertEquals(EVENTS, paced.sequenceNrs().get(paced.sequenceNrs().size() - 1));
      }
      assertTrue(most[0] <= READ_AHEAD);
    }
  }

  /** Flips a bit in the middle of a sealed segment, in a frame that only a replay reads. */
  private void damageMiddleSealedSegment() throws IOException {
    var logDir = dir.resolve(JournalStore.JOURNAL_DIR).resolve("node-a");
    List<Path> sealed;
    try (var files = Files.list(logDir)) {
      sealed =
          files
              .filter(f -> f.getFileName().toString().endsWith(SegmentNames.SEGMENT_SUFFIX))
              .sorted()
              .toList();
    }
    assertTrue(sealed.size() >= 4, "several segments: " + sealed);
    var middle = sealed.get(sealed.size() / 2 - 1);
    LogFixture.flipBit(middle, LogFixture.size(middle) / 2, 3);
  }

  /** Sequence numbers {@code first..last}. */
  private static List<Long> range(long first, long last) {
    var all = new ArrayList<Long>();
    for (long seq = first; seq <= last; seq++) {
      all.add(seq);
    }
    return all;
  }
}
