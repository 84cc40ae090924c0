package io.interstice.journal.log;

import static io.interstice.journal.log.LogFixture.expectedTexts;
import static io.interstice.journal.log.LogFixture.frame;
import static io.interstice.journal.log.LogFixture.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.journal.CorruptLogException;
import io.interstice.journal.log.internal.LogFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Frames lost whole, without a byte of them left to fail a checksum: a cut or deleted active
 * segment (found through commit.dat), a cut or deleted sealed segment (found through its sidecar,
 * which also names the owners). Events 1..12 of ids a, b, c are appended interleaved and forced.
 */
class LostFramesTest {
  private static final int EVENTS = 12;
  private static final int SMALL_SEGMENT = 1024;

  @TempDir Path dir;

  /** Appends forced, so that the commit mark is written: what finds lost tails. */
  private static LogSettings.Builder durable() {
    return LogFixture.settings().fsync(FsyncPolicy.ALWAYS);
  }

  private NodeLog open(LogSettings.Builder settings) {
    return LogFixture.builder(dir, settings).open();
  }

  private void writeLog(int segmentSize) {
    try (var log = open(durable().segmentSize(segmentSize))) {
      LogFixture.appendInterleaved(log, EVENTS, "a", "b", "c");
    }
  }

  private static long offsetOfFrame(Path segment, String pid, long seq) {
    for (var f : LogFixture.framesOf(segment)) {
      if (f.persistenceId().equals(pid) && f.firstSequenceNr() == seq) {
        return LogFixture.offsetOf(f, LogFixture.baseOf(segment));
      }
    }
    throw new AssertionError("no frame " + pid + " " + seq);
  }

  private static void truncate(Path file, long size) {
    LogFiles.truncate(file, size);
  }

  @Test
  void shouldRefuseEveryIdWhenTheActiveSegmentLostItsTailAtAFrameBoundary() {
    writeLog(64 * 1024);
    var segment = LogFixture.segments(dir).get(0);
    long cut = offsetOfFrame(segment, "b", 10);
    truncate(segment, cut); // looks exactly like a log that ends after a9

    try (var log = open(durable())) {
      assertEquals(1, log.damage().size());
      var damage = log.damage().get(0);
      assertEquals(segment, damage.file());
      assertEquals(cut, damage.offset());
      assertNull(damage.persistenceId());
      assertTrue(damage.reason().contains(SegmentNames.COMMIT_FILE), damage.reason());
      for (var id : List.of("a", "b", "c", "new")) {
        assertThrows(CorruptLogException.class, () -> texts(log, id));
      }
    }
    assertEquals(cut, LogFixture.size(segment), "strict recovery changes nothing on disk");
    try (var log = open(durable())) {
      assertEquals(1, log.damage().size(), "found again after a fresh segment was started");
      assertThrows(CorruptLogException.class, () -> texts(log, "a"));
    }
  }

  @Test
  void shouldStillTruncateATornTailThatWasNeverForced() {
    writeLog(64 * 1024);
    var segment = LogFixture.segments(dir).get(0);
    long size = LogFixture.size(segment);
    // A crash in the middle of the next write: half a frame after the last forced one.
    var half = frame("a", EVENTS + 1, "never acknowledged").bytes();
    var bytes = new byte[half.remaining() / 2];
    half.get(bytes);
    LogFixture.writeAt(segment, size, bytes);

    try (var log = open(durable())) {
      assertTrue(log.damage().isEmpty(), log.damage().toString());
      assertEquals(expectedTexts("a", EVENTS), texts(log, "a"));
    }
    assertEquals(size, LogFixture.size(segment));
  }

  @Test
  void shouldRefuseEveryIdWhenTheActiveSegmentIsDeleted() throws Exception {
    writeLog(SMALL_SEGMENT);
    var segments = LogFixture.segments(dir);
    var last = segments.get(segments.size() - 1);
    Files.delete(last);

    try (var log = open(durable().segmentSize(SMALL_SEGMENT))) {
      assertTrue(
          log.damage().stream().anyMatch(d -> d.file().equals(last) && d.persistenceId() == null),
          log.damage().toString());
      var e = assertThrows(CorruptLogException.class, () -> texts(log, "a"));
      assertEquals(last, e.file());
    }
  }

  @Test
  void shouldNameTheOwnersOfFramesCutFromASealedSegment() {
    writeLog(SMALL_SEGMENT);
    var sealed = LogFixture.segments(dir).get(0);
    var frames = LogFixture.framesOf(sealed);
    var lastFrame = frames.get(frames.size() - 1);
    truncate(sealed, LogFixture.offsetOf(lastFrame, LogFixture.baseOf(sealed)));

    try (var log = open(durable().segmentSize(SMALL_SEGMENT))) {
      assertEquals(1, log.damage().size(), log.damage().toString());
      var damage = log.damage().get(0);
      assertEquals(lastFrame.persistenceId(), damage.persistenceId());
      assertEquals(lastFrame.firstSequenceNr(), damage.firstSequenceNr());
      assertEquals(sealed, damage.file());
      assertThrows(CorruptLogException.class, () -> texts(log, lastFrame.persistenceId()));
      var other = lastFrame.persistenceId().equals("a") ? "b" : "a";
      assertEquals(expectedTexts(other, EVENTS), texts(log, other));
    }
  }

  @Test
  void shouldNameTheOwnersOfADeletedSealedSegmentFromItsSidecar() throws Exception {
    writeLog(SMALL_SEGMENT);
    var sealed = LogFixture.segments(dir).get(1);
    Set<String> owners =
        LogFixture.framesOf(sealed).stream().map(Frame::persistenceId).collect(Collectors.toSet());
    Files.delete(sealed);

    try (var log = open(durable().segmentSize(SMALL_SEGMENT))) {
      assertEquals(
          owners,
          log.damage().stream().map(LogDamage::persistenceId).collect(Collectors.toSet()),
          log.damage().toString());
      assertTrue(log.damage().stream().allMatch(d -> d.file().equals(sealed)));
      for (var id : owners) {
        assertThrows(CorruptLogException.class, () -> texts(log, id));
      }
    }
  }

  @Test
  void shouldKeepEveryAcknowledgedNumberWhenSkipModeDropsALostTail() {
    writeLog(64 * 1024);
    var segment = LogFixture.segments(dir).get(0);
    truncate(segment, offsetOfFrame(segment, "a", EVENTS)); // a12, b12, c12 are gone

    try (var log = open(durable().recoveryMode(RecoveryMode.SKIP_CORRUPTED))) {
      assertFalse(log.damage().isEmpty());
      for (var id : List.of("a", "b", "c")) {
        assertEquals(expectedTexts(id, EVENTS - 1), texts(log, id));
        assertTrue(
            log.highestSequenceNr(id) >= EVENTS,
            id + " reports " + log.highestSequenceNr(id) + ", but " + EVENTS + " was acknowledged");
      }
    }
  }

  @Test
  void shouldKeepEveryAcknowledgedNumberWhenTruncateModeCutsTheLog() {
    writeLog(SMALL_SEGMENT);
    var sealed = LogFixture.segments(dir).get(1);
    LogFixture.flipBit(sealed, LogFixture.size(sealed) - 3, 1);

    try (var log =
        open(
            durable()
                .segmentSize(SMALL_SEGMENT)
                .recoveryMode(RecoveryMode.TRUNCATE_AFTER_CORRUPTION))) {
      assertFalse(log.damage().isEmpty(), "the cut is reported");
      for (var id : List.of("a", "b", "c")) {
        assertTrue(log.highestSequenceNr(id) >= EVENTS, id + ": " + log.highestSequenceNr(id));
      }
    }
    try (var log = open(durable().segmentSize(SMALL_SEGMENT))) {
      assertTrue(log.damage().isEmpty(), "the cut log is healthy: " + log.damage());
      for (var id : List.of("a", "b", "c")) {
        assertTrue(log.highestSequenceNr(id) >= EVENTS, id + ": " + log.highestSequenceNr(id));
      }
    }
  }

  @Test
  void shouldLeaveARepairedLogThatStrictRecoveryAcceptsWithoutLoweringAnyHighest() {
    var logDir = dir.resolve(JournalStore.JOURNAL_DIR).resolve(LogFixture.LOG_ID);
    try (var log =
        NodeLog.builder(logDir, LogFixture.LOG_ID)
            .settings(durable().segmentSize(SMALL_SEGMENT).build())
            .open()) {
      LogFixture.appendInterleaved(log, EVENTS, "a", "b", "c");
    }
    var segments = LogFixture.segments(logDir);
    var active = segments.get(segments.size() - 1);
    LogFixture.flipBit(active, LogFixture.size(active) - 3, 4); // the newest frame
    var sealed = segments.get(0);
    LogFixture.flipBit(sealed, LogFixture.size(sealed) / 2, 2);

    var removed = LogReader.open(logDir).repair();

    assertTrue(removed.size() >= 2, removed.toString());
    var settings = durable().segmentSize(SMALL_SEGMENT).build();
    try (var journal = JournalStore.open(dir, LogFixture.LOG_ID, settings)) {
      assertTrue(journal.damage().isEmpty(), journal.damage().toString());
      for (var id : List.of("a", "b", "c")) {
        assertTrue(journal.highestSequenceNr(id) >= EVENTS, id);
        var replayed = new java.util.ArrayList<Long>();
        journal.replay(id, 1, Long.MAX_VALUE, e -> replayed.add(e.sequenceNr()));
        assertTrue(replayed.size() >= EVENTS - 2, id + ": " + replayed);
      }
    }
  }

  @Test
  void shouldKeepEveryHighestWhenAnOperatorCutsTheLog() {
    var logDir = dir.resolve(JournalStore.JOURNAL_DIR).resolve(LogFixture.LOG_ID);
    try (var log = NodeLog.builder(logDir, LogFixture.LOG_ID).settings(durable().build()).open()) {
      LogFixture.appendInterleaved(log, EVENTS, "a", "b", "c");
    }
    var segment = LogFixture.segments(logDir).get(0);
    long cut = offsetOfFrame(segment, "b", 6);

    LogReader.open(logDir).truncateAfter(cut);

    var settings = durable().segmentSize(64 * 1024).build();
    try (var journal = JournalStore.open(dir, LogFixture.LOG_ID, settings)) {
      for (var id : List.of("a", "b", "c")) {
        assertEquals(EVENTS, journal.highestSequenceNr(id), id);
        var replayed = new java.util.ArrayList<Long>();
        journal.replay(id, 1, Long.MAX_VALUE, e -> replayed.add(e.sequenceNr()));
        assertEquals(id.equals("a") ? 6 : 5, replayed.size(), id + ": " + replayed);
      }
    }
  }

  @Test
  void shouldLeaveARepairedActiveSegmentThatStrictRecoveryAcceptsWithNoGapLeft() {
    var logDir = dir.resolve(JournalStore.JOURNAL_DIR).resolve(LogFixture.LOG_ID);
    try (var log = NodeLog.builder(logDir, LogFixture.LOG_ID).settings(durable().build()).open()) {
      LogFixture.appendInterleaved(log, EVENTS, "a", "b", "c");
    }
    var segment = LogFixture.segments(logDir).get(0);
    // The middle of the active segment: every id has frames before and after the damage.
    LogFixture.flipBit(segment, offsetOfFrame(segment, "b", 6) + 20, 3);

    LogReader.open(logDir).repair();

    var settings = durable().segmentSize(64 * 1024).build();
    try (var journal = JournalStore.open(dir, LogFixture.LOG_ID, settings)) {
      var b = new java.util.ArrayList<Long>();
      journal.replay("b", 1, Long.MAX_VALUE, e -> b.add(e.sequenceNr()));
      assertFalse(b.contains(6L), b.toString());
      assertEquals(EVENTS - 1, b.size(), b.toString());
      assertEquals(EVENTS, journal.highestSequenceNr("b"));
      assertTrue(journal.damage().isEmpty(), journal.damage().toString());
    }
  }
}
