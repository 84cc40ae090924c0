package io.interstice.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.journal.log.JournalStore;
import io.interstice.journal.log.SegmentNames;
import io.interstice.journal.testkit.ClassicRecorder;
import io.interstice.journal.testkit.JournalTestConfig;
import io.interstice.journal.testkit.RecordingEntity;
import io.interstice.journal.testkit.TestEvent;
import io.interstice.journal.testkit.TestNode;
import io.interstice.journal.testkit.TestState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.DeleteMessagesSuccess;
import org.apache.pekko.persistence.SaveSnapshotSuccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Persistent actors get their state back after the whole ActorSystem stopped and a new one started
 * on the same data directory: plain, after segment rotation, after deletion (the sequence number
 * continues, never lowered) and from a snapshot plus the events after it.
 */
class JournalRecoveryTest {
  private static final String SMALL_SEGMENTS = "interstice.journal.segment-size = 4KiB";

  @TempDir Path dir;

  private Path logDir(String logId) {
    return dir.resolve(JournalStore.JOURNAL_DIR).resolve(logId);
  }

  private List<String> filesEndingWith(Path folder, String suffix) throws IOException {
    try (var files = Files.list(folder)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(suffix))
          .sorted()
          .toList();
    }
  }

  private static List<String> texts(String prefix, int count) {
    // 120 characters each, so that a few dozen events fill several 4 KiB segments.
    return IntStream.rangeClosed(1, count)
        .mapToObj(i -> prefix + i + "-" + "x".repeat(120))
        .toList();
  }

  @Test
  void shouldRecoverStateAfterTheActorSystemRestarts() {
    var first = ActorTestKit.create("recovery", JournalTestConfig.of(dir, "node-a"));
    var entity = first.spawn(RecordingEntity.create("restart"));
    var acks = first.<StatusReply<Done>>createTestProbe();
    entity.tell(new RecordingEntity.Append(List.of("a", "b"), acks.ref()));
    acks.expectMessage(StatusReply.ack());
    entity.tell(new RecordingEntity.Append(List.of("c"), acks.ref()));
    acks.expectMessage(StatusReply.ack());
    first.shutdownTestKit();

    var second = ActorTestKit.create("recovery", JournalTestConfig.of(dir, "node-a"));
    var recovered = second.spawn(RecordingEntity.create("restart"));
    var states = second.<TestState>createTestProbe();
    recovered.tell(new RecordingEntity.Get(states.ref()));
    assertEquals(List.of("a", "b", "c"), states.receiveMessage().texts());
    var moreAcks = second.<StatusReply<Done>>createTestProbe();
    recovered.tell(new RecordingEntity.Append(List.of("d"), moreAcks.ref()));
    moreAcks.expectMessage(StatusReply.ack());
    second.shutdownTestKit();

    try (var third = TestNode.start(dir, "node-a")) {
      assertEquals(List.of("a", "b", "c", "d"), third.state("restart").texts());
      assertEquals(List.of(1L, 2L, 3L, 4L), third.journal().replayAll("restart").sequenceNrs());
    }
  }

  @Test
  void shouldRecoverEveryEventAfterSegmentRotation() throws IOException {
    var one = texts("one-", 40);
    var two = texts("two-", 30);
    try (var node = TestNode.start(dir, "node-a", SMALL_SEGMENTS)) {
      node.appendEach("rotated-1", 0, one);
      node.append("rotated-2", two.subList(0, 15), two.subList(15, 30));
    }

    var segments = filesEndingWith(logDir("node-a"), SegmentNames.SEGMENT_SUFFIX);
    var sidecars = filesEndingWith(logDir("node-a"), SegmentNames.SIDECAR_SUFFIX);
    assertTrue(segments.size() >= 3, "several segments: " + segments);
    assertEquals(segments.size() - 1, sidecars.size(), "every sealed segment has a sidecar");
    assertEquals(SegmentNames.segmentFileName(0), segments.get(0));

    try (var node = TestNode.start(dir, "node-a", SMALL_SEGMENTS)) {
      assertEquals(one, node.state("rotated-1").texts());
      assertEquals(two, node.state("rotated-2").texts());
      node.append("rotated-1", List.of("after"));
    }
    try (var node = TestNode.start(dir, "node-a", SMALL_SEGMENTS)) {
      var expected = new ArrayList<>(one);
      expected.add("after");
      assertEquals(expected, node.state("rotated-1").texts());
    }
  }

  @Test
  void shouldNotReplayDeletedEventsAfterRestart() {
    try (var node = TestNode.start(dir, "node-a")) {
      var reporter = node.probe();
      var actor = node.startRecorder("deleted", reporter);
      reporter.expectMsgClass(ClassicRecorder.Recovered.class);
      actor.tell(new ClassicRecorder.Append(List.of("a", "b", "c", "d", "e")), reporter.getRef());
      reporter.expectMsgClass(ClassicRecorder.Appended.class);
      actor.tell(new ClassicRecorder.DeleteTo(3), reporter.getRef());
      assertEquals(3, reporter.expectMsgClass(DeleteMessagesSuccess.class).toSequenceNr());
    }

    try (var node = TestNode.start(dir, "node-a")) {
      var reporter = node.probe();
      var actor = node.startRecorder("deleted", reporter);
      reporter.expectMsgEquals(new ClassicRecorder.Recovered(5, new TestState(List.of("d", "e"))));
      actor.tell(new ClassicRecorder.Append(List.of("f")), reporter.getRef());
      reporter.expectMsgEquals(
          new ClassicRecorder.Appended(6, new TestState(List.of("d", "e", "f"))));
    }
  }

  @Test
  void shouldContinueAtTheRightSequenceNrAfterEveryEventWasDeleted() throws IOException {
    var texts = texts("gone-", 60);
    try (var node = TestNode.start(dir, "node-a", SMALL_SEGMENTS)) {
      var reporter = node.probe();
      var actor = node.startRecorder("all-deleted", reporter);
      reporter.expectMsgClass(ClassicRecorder.Recovered.class);
      for (var text : texts) {
        actor.tell(new ClassicRecorder.Append(List.of(text)), reporter.getRef());
        reporter.expectMsgClass(ClassicRecorder.Appended.class);
      }
      var segmentsBefore = filesEndingWith(logDir("node-a"), SegmentNames.SEGMENT_SUFFIX);
      assertTrue(segmentsBefore.size() >= 3, "several segments: " + segmentsBefore);

      actor.tell(new ClassicRecorder.DeleteTo(Long.MAX_VALUE), reporter.getRef());
      reporter.expectMsgClass(DeleteMessagesSuccess.class);

      assertEquals(
          List.of(segmentsBefore.get(segmentsBefore.size() - 1)),
          filesEndingWith(logDir("node-a"), SegmentNames.SEGMENT_SUFFIX),
          "only the active segment is left once every event in the others is deleted");
    }

    try (var node = TestNode.start(dir, "node-a", SMALL_SEGMENTS)) {
      assertEquals(60, node.journal().highestSequenceNr("all-deleted"));
      var reporter = node.probe();
      var actor = node.startRecorder("all-deleted", reporter);
      reporter.expectMsgEquals(new ClassicRecorder.Recovered(60, TestState.empty()));
      actor.tell(new ClassicRecorder.Append(List.of("next")), reporter.getRef());
      reporter.expectMsgEquals(new ClassicRecorder.Appended(61, new TestState(List.of("next"))));
    }
    try (var node = TestNode.start(dir, "node-a", SMALL_SEGMENTS)) {
      var replayed = node.journal().replayAll("all-deleted");
      assertEquals(List.of(61L), replayed.sequenceNrs());
      assertEquals(61, replayed.highestSequenceNr());
    }
  }

  @Test
  void shouldRecoverFromASnapshotPlusTheEventsAfterIt() throws IOException {
    var texts = List.of("a", "b", "c", "d", "e", "f", "g", "h");
    try (var node = TestNode.start(dir, "node-a")) {
      node.appendEach("snapshotted", 3, texts);
    }
    var snapshotDir = dir.resolve(BinaryLogSnapshotStore.SNAPSHOTS_DIR).resolve("snapshotted");
    assertEquals(
        List.of("00000000000000000003.snap", "00000000000000000006.snap"),
        filesEndingWith(snapshotDir, ".snap"));

    try (var node = TestNode.start(dir, "node-a")) {
      var fullReplay =
          node.journal().replayAll("snapshotted").payloads().stream()
              .map(e -> ((TestEvent) e).text())
              .toList();
      assertEquals(texts, fullReplay);
      assertEquals(fullReplay, node.state("snapshotted").texts());
    }
  }

  @Test
  void shouldNeedTheSnapshotOnceTheEventsBeforeItAreDeleted() {
    try (var node = TestNode.start(dir, "node-a")) {
      var reporter = node.probe();
      var actor = node.startRecorder("snapshot-then-delete", reporter);
      reporter.expectMsgClass(ClassicRecorder.Recovered.class);
      actor.tell(new ClassicRecorder.Append(List.of("a", "b", "c")), reporter.getRef());
      reporter.expectMsgClass(ClassicRecorder.Appended.class);
      actor.tell(new ClassicRecorder.Snapshot(), reporter.getRef());
      assertEquals(3, reporter.expectMsgClass(SaveSnapshotSuccess.class).metadata().sequenceNr());
      actor.tell(new ClassicRecorder.Append(List.of("d", "e")), reporter.getRef());
      reporter.expectMsgClass(ClassicRecorder.Appended.class);
      actor.tell(new ClassicRecorder.DeleteTo(3), reporter.getRef());
      reporter.expectMsgClass(DeleteMessagesSuccess.class);
    }

    try (var node = TestNode.start(dir, "node-a")) {
      var reporter = node.probe();
      node.startRecorder("snapshot-then-delete", reporter);
      reporter.expectMsgEquals(
          new ClassicRecorder.Recovered(5, new TestState(List.of("a", "b", "c", "d", "e"))));
      assertEquals(List.of(4L, 5L), node.journal().replayAll("snapshot-then-delete").sequenceNrs());
    }
  }
}
