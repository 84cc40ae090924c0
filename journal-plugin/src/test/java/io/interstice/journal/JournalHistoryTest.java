package io.interstice.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.journal.log.JournalStore;
import io.interstice.journal.log.SegmentNames;
import io.interstice.journal.log.internal.PersistenceHistory;
import io.interstice.journal.testkit.ClassicRecorder;
import io.interstice.journal.testkit.TestEvent;
import io.interstice.journal.testkit.TestNode;
import io.interstice.journal.testkit.TestState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.persistence.DeleteMessagesSuccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several nodes on one data directory, each appending to its own log: a persistence id whose
 * history moved between nodes replays completely and in order on any node, and ids written by nodes
 * running at the same time are all recovered.
 */
class JournalHistoryTest {
  @TempDir Path dir;

  private Path journalDir() {
    return dir.resolve(JournalStore.JOURNAL_DIR);
  }

  private static List<String> texts(TestNode node, String persistenceId) {
    return node.journal().replayAll(persistenceId).payloads().stream()
        .map(e -> ((TestEvent) e).text())
        .toList();
  }

  @Test
  void shouldReplayAHistoryThatMovedFromNodeAToNodeBCompletelyOnNodeC() {
    try (var a = TestNode.start(dir, "node-a")) {
      a.append("moved", List.of("a1", "a2"), List.of("a3"));
    }
    try (var b = TestNode.start(dir, "node-b")) {
      assertEquals(List.of("a1", "a2", "a3"), b.state("moved").texts());
      b.append("moved", List.of("b4", "b5"));
    }
    assertTrue(Files.exists(SegmentNames.segment(journalDir().resolve("node-a"), 0)));
    assertTrue(Files.exists(SegmentNames.segment(journalDir().resolve("node-b"), 0)));
    assertTrue(
        Files.exists(
            journalDir()
                .resolve(JournalStore.HISTORIES_DIR)
                .resolve(PersistenceHistory.fileName("moved") + ".hist")));

    try (var c = TestNode.start(dir, "node-c")) {
      var replayed = c.journal().replayAll("moved");
      assertEquals(List.of(1L, 2L, 3L, 4L, 5L), replayed.sequenceNrs());
      assertEquals(List.of("a1", "a2", "a3", "b4", "b5"), texts(c, "moved"));
      assertEquals(5, replayed.highestSequenceNr());
      assertEquals(List.of(2L, 3L, 4L), c.journal().replay("moved", 2, 4, 10).sequenceNrs());
      assertEquals(List.of("a1", "a2", "a3", "b4", "b5"), c.state("moved").texts());
    }
  }

  @Test
  void shouldRecoverTheIdsOfTwoNodesThatWroteOneDataDirAtTheSameTime() {
    try (var a = TestNode.start(dir, "node-a");
        var b = TestNode.start(dir, "node-b")) {
      for (int i = 1; i <= 3; i++) {
        a.append("on-a", List.of("a" + i));
        b.append("on-b", List.of("b" + i, "b" + i + "'"));
      }
      assertEquals(List.of("a1", "a2", "a3"), a.state("on-a").texts());
    }

    try (var a = TestNode.start(dir, "node-a");
        var b = TestNode.start(dir, "node-b")) {
      assertEquals(List.of("a1", "a2", "a3"), a.state("on-a").texts());
      assertEquals(List.of("b1", "b1'", "b2", "b2'", "b3", "b3'"), b.state("on-b").texts());
      assertEquals(List.of("b1", "b1'", "b2", "b2'", "b3", "b3'"), a.state("on-b").texts());
    }
    try (var c = TestNode.start(dir, "node-c")) {
      assertEquals(List.of("a1", "a2", "a3"), texts(c, "on-a"));
      assertEquals(6, c.journal().highestSequenceNr("on-b"));
    }
  }

  @Test
  void shouldKeepEventsWrittenAfterAnIdMovedBackToANodeThatKeptRunning() {
    try (var a = TestNode.start(dir, "node-a");
        var b = TestNode.start(dir, "node-b")) {
      a.append("back-and-forth", List.of("x"));
      b.append("back-and-forth", List.of("y"));
      a.append("back-and-forth", List.of("z"));

      assertEquals(List.of("x", "y", "z"), b.state("back-and-forth").texts());
      assertEquals(List.of("x", "y", "z"), a.state("back-and-forth").texts());
    }
    try (var c = TestNode.start(dir, "node-c")) {
      var replayed = c.journal().replayAll("back-and-forth");
      assertEquals(List.of("x", "y", "z"), texts(c, "back-and-forth"));
      assertEquals(3, replayed.highestSequenceNr());
    }
  }

  @Test
  void shouldHonourADeletionMadeByANodeThatNeverWroteTheId() {
    try (var a = TestNode.start(dir, "node-a")) {
      a.append("deleted-elsewhere", List.of("a", "b", "c", "d", "e"));
    }
    try (var b = TestNode.start(dir, "node-b")) {
      var reporter = b.probe();
      var actor = b.startRecorder("deleted-elsewhere", reporter);
      reporter.expectMsgClass(ClassicRecorder.Recovered.class);
      actor.tell(new ClassicRecorder.DeleteTo(3), reporter.getRef());
      reporter.expectMsgClass(DeleteMessagesSuccess.class);
    }

    try (var c = TestNode.start(dir, "node-c")) {
      var reporter = c.probe();
      c.startRecorder("deleted-elsewhere", reporter);
      reporter.expectMsgEquals(new ClassicRecorder.Recovered(5, new TestState(List.of("d", "e"))));
    }
  }

  private static void deleteOn(TestNode node, String persistenceId, long toSequenceNr) {
    var reporter = node.probe();
    var actor = node.startRecorder(persistenceId, reporter);
    reporter.expectMsgClass(ClassicRecorder.Recovered.class);
    actor.tell(new ClassicRecorder.DeleteTo(toSequenceNr), reporter.getRef());
    reporter.expectMsgClass(DeleteMessagesSuccess.class);
    node.stop(actor);
  }

  @Test
  void shouldSeeALaterDeletionInALogItHasAlreadyRead() {
    try (var a = TestNode.start(dir, "node-a")) {
      a.append("deleted-twice", List.of("a", "b", "c", "d", "e"));
    }
    try (var b = TestNode.start(dir, "node-b");
        var c = TestNode.start(dir, "node-c")) {
      deleteOn(b, "deleted-twice", 2);
      assertEquals(List.of("c", "d", "e"), c.state("deleted-twice").texts());

      deleteOn(b, "deleted-twice", 4);

      assertEquals(List.of("e"), c.state("deleted-twice").texts());
    }
  }
}
