package io.interstice.journal.log;

import static io.interstice.journal.log.LogFixture.expectedTexts;
import static io.interstice.journal.log.LogFixture.frame;
import static io.interstice.journal.log.LogFixture.text;
import static io.interstice.journal.log.LogFixture.texts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.journal.CorruptLogException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bit flips in frames of sealed and active segments, per recovery mode. Events 1..N of ids a, b, c
 * are appended interleaved (a1 b1 c1 a2 b2 c2 ...); the damage always hits frame b2 or b3.
 */
class NodeLogDamageTest {
  private static final int SMALL_SEGMENT = 1024;
  private static final int EVENTS = 12;

  @TempDir Path dir;

  /** Where a damaged frame lies. */
  private record Target(Path segment, long offset, long end) {}

  private Target writeLog(int segmentSize, String pid, long seq) {
    try (var log = LogFixture.builder(dir, LogFixture.settings().segmentSize(segmentSize)).open()) {
      LogFixture.appendInterleaved(log, EVENTS, "a", "b", "c");
    }
    for (var segment : LogFixture.segments(dir)) {
      for (var f : LogFixture.framesOf(segment)) {
        if (f.persistenceId().equals(pid) && f.firstSequenceNr() == seq) {
          long offset = LogFixture.offsetOf(f, LogFixture.baseOf(segment));
          long end = offset + FrameCodec.encode(pid, f.events()).remaining();
          return new Target(segment, offset, end);
        }
      }
    }
    throw new AssertionError("no frame " + pid + " " + seq);
  }

  /** Flips a bit in the payload, so the frame's persistence id stays readable. */
  private static void damagePayload(Target t) {
    LogFixture.flipBit(t.segment(), t.end() - 3, 2);
  }

  private static List<String> without(List<String> texts, String removed) {
    var out = new ArrayList<>(texts);
    assertTrue(out.remove(removed));
    return out;
  }

  private static void assertNames(CorruptLogException e, Target t, String pid) {
    assertEquals(t.segment(), e.file());
    assertEquals(t.offset(), e.offset());
    assertEquals(pid, e.persistenceId().orElseThrow());
    assertTrue(e.getMessage().contains(t.segment().toString()), e.getMessage());
    assertTrue(e.getMessage().contains("offset " + t.offset()), e.getMessage());
    assertTrue(e.getMessage().contains("'" + pid + "'"), e.getMessage());
  }

  @Test
  void shouldFailReplayOfADamagedSealedFrameInStrictMode() {
    var t = writeLog(SMALL_SEGMENT, "b", 2);
    assertTrue(LogFixture.segments(dir).size() >= 3, "need sealed segments");
    assertTrue(Files.exists(SegmentNames.sidecar(dir, LogFixture.baseOf(t.segment()))));
    damagePayload(t);

    try (var log =
        LogFixture.builder(dir, LogFixture.settings().segmentSize(SMALL_SEGMENT)).open()) {
      var applied = new ArrayList<Long>();
      var e =
          assertThrows(
              CorruptLogException.class,
              () -> log.replay("b", 1, Long.MAX_VALUE, f -> applied.add(f.firstSequenceNr())));

      assertNames(e, t, "b");
      assertFalse(applied.contains(2L), "damaged frame applied: " + applied);
      assertEquals(expectedTexts("a", EVENTS), texts(log, "a"));
      assertEquals(expectedTexts("c", EVENTS), texts(log, "c"));
    }
  }

  @Test
  void shouldNeverApplyASealedFrameWithAnyByteFlipped() {
    var t = writeLog(SMALL_SEGMENT, "b", 2);
    try (var log =
        LogFixture.builder(dir, LogFixture.settings().segmentSize(SMALL_SEGMENT)).open()) {
      for (long at = t.offset(); at < t.end(); at++) {
        int bit = (int) (at % 8);
        LogFixture.flipBit(t.segment(), at, bit);
        var applied = new ArrayList<Long>();

        var e =
            assertThrows(
                CorruptLogException.class,
                () -> log.replay("b", 2, 2, f -> applied.add(f.firstSequenceNr())),
                "flip at " + at);

        assertEquals(t.segment(), e.file(), "flip at " + at);
        assertEquals(t.offset(), e.offset(), "flip at " + at);
        assertTrue(applied.isEmpty(), "flip at " + at);
        LogFixture.flipBit(t.segment(), at, bit);
      }
      assertEquals(expectedTexts("b", EVENTS), texts(log, "b"));
    }
  }

  @Test
  void shouldSkipADamagedSealedFrameInSkipMode() {
    var t = writeLog(SMALL_SEGMENT, "b", 2);
    damagePayload(t);

    try (var log =
        LogFixture.builder(
                dir,
                LogFixture.settings()
                    .segmentSize(SMALL_SEGMENT)
                    .recoveryMode(RecoveryMode.SKIP_CORRUPTED))
            .open()) {
      assertEquals(without(expectedTexts("b", EVENTS), text("b", 2)), texts(log, "b"));
      assertEquals(EVENTS, log.highestSequenceNr("b"));
      assertEquals(expectedTexts("a", EVENTS), texts(log, "a"));
      assertEquals(expectedTexts("c", EVENTS), texts(log, "c"));
    }
  }

  @Test
  void shouldCutTheLogAtADamagedSealedFrameInTruncateMode() {
    var t = writeLog(SMALL_SEGMENT, "b", 2);
    damagePayload(t);

    try (var log =
        LogFixture.builder(
                dir,
                LogFixture.settings()
                    .segmentSize(SMALL_SEGMENT)
                    .recoveryMode(RecoveryMode.TRUNCATE_AFTER_CORRUPTION))
            .open()) {
      assertEquals(List.of(t.segment()), LogFixture.segments(dir), "later segments dropped");
      assertEquals(t.offset(), LogFixture.size(t.segment()));
      assertEquals(expectedTexts("a", 2), texts(log, "a"));
      assertEquals(expectedTexts("b", 1), texts(log, "b"));
      assertEquals(expectedTexts("c", 1), texts(log, "c"));

      log.append(List.of(frame("b", 2, "rewritten"))).join();
      assertEquals(List.of(text("b", 1), "rewritten"), texts(log, "b"));
    }
  }

  @Test
  void shouldOpenAHealthyLogUnchangedInTruncateMode() {
    writeLog(SMALL_SEGMENT, "b", 2);
    var segments = LogFixture.segments(dir);
    var sizes = segments.stream().map(LogFixture::size).toList();

    try (var log =
        LogFixture.builder(
                dir,
                LogFixture.settings()
                    .segmentSize(SMALL_SEGMENT)
                    .recoveryMode(RecoveryMode.TRUNCATE_AFTER_CORRUPTION))
            .open()) {
      assertTrue(log.damage().isEmpty());
      assertEquals(segments, LogFixture.segments(dir));
      assertEquals(sizes, segments.stream().map(LogFixture::size).toList());
      assertEquals(expectedTexts("b", EVENTS), texts(log, "b"));
    }
  }

  @Test
  void shouldBlockEveryIdWhenDamageInTheActiveSegmentHasNoCertainOwner() {
    var t = writeLog(64 * 1024, "b", 3);
    damagePayload(t);
    var damaged = LogFixture.read(t.segment());

    try (var log = LogFixture.builder(dir).open()) {
      assertEquals(1, log.damage().size());
      var damage = log.damage().get(0);
      assertEquals(t.segment(), damage.file());
      assertEquals(t.offset(), damage.offset());
      assertNull(damage.persistenceId(), "a frame that fails its checksum cannot vouch for its id");
      for (var id : List.of("a", "b", "c", "never-written")) {
        var e = assertThrows(CorruptLogException.class, () -> texts(log, id));
        assertEquals(t.segment(), e.file());
        assertThrows(CorruptLogException.class, () -> log.highestSequenceNr(id));
      }

      log.append(List.of(frame("a", EVENTS + 1, "after the damage"))).join();

      var segments = LogFixture.segments(dir);
      assertEquals(2, segments.size());
      assertEquals(damaged.length, LogFixture.baseOf(segments.get(1)));
      assertArrayEquals(damaged, LogFixture.read(t.segment()), "damaged segment changed");
    }
    try (var log = LogFixture.builder(dir).open()) {
      assertEquals(1, log.damage().size());
      assertThrows(CorruptLogException.class, () -> texts(log, "a"));
      assertArrayEquals(damaged, LogFixture.read(t.segment()), "damaged segment changed");
    }
  }

  @Test
  void shouldBlockEveryIdWhenTheDamagedFramesIdIsUnreadable() {
    var t = writeLog(64 * 1024, "b", 3);
    // High byte of the id length: the id can no longer be read.
    LogFixture.writeAt(t.segment(), t.offset() + FrameCodec.HEADER_LENGTH + 1, new byte[] {0x7F});

    try (var log = LogFixture.builder(dir).open()) {
      assertEquals(1, log.damage().size());
      var e = assertThrows(CorruptLogException.class, () -> texts(log, "a"));
      assertTrue(e.persistenceId().isEmpty());
      assertTrue(e.getMessage().contains("recovery of 'a' refused"), e.getMessage());
      assertThrows(CorruptLogException.class, () -> texts(log, "c"));
    }
  }

  @Test
  void shouldSkipADamagedActiveFrameInSkipMode() {
    var t = writeLog(64 * 1024, "b", 3);
    damagePayload(t);

    try (var log =
        LogFixture.builder(dir, LogFixture.settings().recoveryMode(RecoveryMode.SKIP_CORRUPTED))
            .open()) {
      assertEquals(1, log.damage().size());
      assertEquals(without(expectedTexts("b", EVENTS), text("b", 3)), texts(log, "b"));
      assertEquals(expectedTexts("a", EVENTS), texts(log, "a"));
      log.append(List.of(frame("b", EVENTS + 1, "more"))).join();
      assertEquals("more", texts(log, "b").get(EVENTS - 1));
    }
  }

  @Test
  void shouldCutTheActiveSegmentAtTheDamageInTruncateMode() {
    var t = writeLog(64 * 1024, "b", 3);
    damagePayload(t);

    try (var log =
        LogFixture.builder(
                dir, LogFixture.settings().recoveryMode(RecoveryMode.TRUNCATE_AFTER_CORRUPTION))
            .open()) {
      assertEquals(t.offset(), LogFixture.size(t.segment()));
      assertEquals(expectedTexts("a", 3), texts(log, "a"));
      assertEquals(expectedTexts("b", 2), texts(log, "b"));
      assertEquals(expectedTexts("c", 2), texts(log, "c"));

      log.append(List.of(frame("b", 3, "again"))).join();
    }
    try (var log = LogFixture.builder(dir).open()) {
      assertTrue(log.damage().isEmpty());
      assertEquals(List.of(text("b", 1), text("b", 2), "again"), texts(log, "b"));
    }
  }

  @Test
  void shouldReportDamageFoundByScanningASealedSegmentWithoutSidecar() {
    var t = writeLog(SMALL_SEGMENT, "b", 2);
    damagePayload(t);
    LogFixture.sidecars(dir).forEach(f -> f.toFile().delete());

    try (var log =
        LogFixture.builder(dir, LogFixture.settings().segmentSize(SMALL_SEGMENT)).open()) {
      assertEquals(1, log.damage().size());
      var e = assertThrows(CorruptLogException.class, () -> texts(log, "b"));
      assertEquals(t.segment(), e.file());
      assertEquals(t.offset(), e.offset());
      assertThrows(
          CorruptLogException.class,
          () -> texts(log, "c"),
          "without a sidecar the damaged frame's owner is unknown, so every id is refused");
      assertFalse(
          Files.exists(SegmentNames.sidecar(dir, LogFixture.baseOf(t.segment()))),
          "a sidecar must not be written for a damaged segment");
    }
  }

  @Test
  void shouldNameTheDamageInItsDescription() {
    var t = writeLog(64 * 1024, "b", 3);
    damagePayload(t);

    try (var log = LogFixture.builder(dir).open()) {
      var description = log.damage().get(0).toString();
      assertTrue(description.contains(t.segment().toString()), description);
      assertTrue(description.contains("owner unknown"), description);
      assertTrue(description.contains("CRC stored"), description);
      assertTrue(description.contains(t.offset() + ".." + t.end()), description);
    }
  }
}
