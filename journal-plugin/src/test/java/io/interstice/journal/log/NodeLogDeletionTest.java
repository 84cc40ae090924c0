package io.interstice.journal.log;

import static io.interstice.journal.log.LogFixture.frame;
import static io.interstice.journal.log.LogFixture.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deleteTo removes dead sealed segments from disk and never lowers the highest sequence number. */
class NodeLogDeletionTest {
  private static final int SEGMENT_SIZE = 1024;
  private static final int EVENTS = 40;

  @TempDir Path dir;

  private NodeLog open() {
    return LogFixture.builder(dir).segmentSize(SEGMENT_SIZE).open();
  }

  /** Events of "a" fill several segments; "b" shares only the last ones. */
  private static void writeHistory(NodeLog log) {
    LogFixture.appendInterleaved(log, EVENTS, "a");
    LogFixture.appendInterleaved(log, 3, "b");
  }

  /** Segments holding only events of "a" with sequence numbers up to {@code seq}. */
  private static List<Path> segmentsOnlyOfAUpTo(Path dir, long seq) {
    var out = new ArrayList<Path>();
    for (var segment : LogFixture.segments(dir)) {
      var frames = LogFixture.framesOf(segment);
      if (frames.stream()
          .allMatch(f -> f.persistenceId().equals("a") && f.lastSequenceNr() <= seq)) {
        out.add(segment);
      }
    }
    return out;
  }

  @Test
  void shouldRemoveSealedSegmentsWhoseEventsAreAllDeleted() {
    List<Path> dead;
    try (var log = open()) {
      writeHistory(log);
      var all = LogFixture.segments(dir);
      dead = segmentsOnlyOfAUpTo(dir, EVENTS);
      assertTrue(dead.size() >= 3, "need several segments of 'a' only: " + all);

      log.deleteTo("a", EVENTS, EVENTS);

      for (var segment : dead) {
        assertFalse(Files.exists(segment), segment + " kept");
        assertFalse(Files.exists(SegmentNames.sidecar(dir, LogFixture.baseOf(segment))));
      }
      assertEquals(all.size() - dead.size(), LogFixture.segments(dir).size());
      assertEquals(EVENTS, log.highestSequenceNr("a"));
      assertEquals(EVENTS, log.deletedTo("a"));
      assertEquals(LogFixture.expectedTexts("b", 3), LogFixture.texts(log, "b"));
    }
    try (var log = open()) {
      assertEquals(EVENTS, log.highestSequenceNr("a"), "highest lowered after reopen");
      assertEquals(EVENTS, log.deletedTo("a"));
      assertEquals(LogFixture.expectedTexts("b", 3), LogFixture.texts(log, "b"));
      assertTrue(log.damage().isEmpty());
      dead.forEach(segment -> assertFalse(Files.exists(segment)));

      log.append(List.of(frame("a", EVENTS + 1, text("a", EVENTS + 1)))).join();
      assertEquals(EVENTS + 1, log.highestSequenceNr("a"));
    }
  }

  @Test
  void shouldKeepSegmentsThatStillHoldLiveEvents() {
    try (var log = open()) {
      writeHistory(log);
      int before = LogFixture.segments(dir).size();
      long deleteTo = EVENTS / 2;
      var dead = segmentsOnlyOfAUpTo(dir, deleteTo);

      log.deleteTo("a", deleteTo, EVENTS);

      assertEquals(before - dead.size(), LogFixture.segments(dir).size());
      var replayed = new ArrayList<Long>();
      log.replay("a", deleteTo + 1, Long.MAX_VALUE, f -> replayed.add(f.firstSequenceNr()));
      var expected = new ArrayList<Long>();
      for (long seq = deleteTo + 1; seq <= EVENTS; seq++) {
        expected.add(seq);
      }
      assertEquals(expected, replayed);
    }
    try (var log = open()) {
      assertEquals(EVENTS / 2, log.deletedTo("a"));
      assertEquals(EVENTS, log.highestSequenceNr("a"));
    }
  }

  @Test
  void shouldNeverLowerTheHighestSequenceNrOrTheDeletionMark() {
    try (var log = open()) {
      writeHistory(log);
      log.deleteTo("a", Long.MAX_VALUE, 0);
      log.deleteTo("a", 5, 0);

      assertEquals(EVENTS, log.deletedTo("a"));
      assertEquals(EVENTS, log.highestSequenceNr("a"));
    }
    try (var log = open()) {
      assertEquals(EVENTS, log.deletedTo("a"));
      assertEquals(EVENTS, log.highestSequenceNr("a"));
    }
  }

  @Test
  void shouldNeverRemoveTheActiveSegment() {
    try (var log = open()) {
      LogFixture.appendInterleaved(log, 3, "a");

      log.deleteTo("a", 3, 3);

      assertEquals(1, LogFixture.segments(dir).size());
      log.append(List.of(frame("a", 4, "next"))).join();
    }
    try (var log = open()) {
      assertEquals(4, log.highestSequenceNr("a"));
      assertEquals(3, log.deletedTo("a"));
    }
  }
}
