package io.interstice.journal.log;

import static io.interstice.journal.log.LogFixture.expectedTexts;
import static io.interstice.journal.log.LogFixture.frame;
import static io.interstice.journal.log.LogFixture.text;
import static io.interstice.journal.log.LogFixture.texts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.journal.CorruptLogException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeLogTest {
  private static final int FRAMES = 6;

  @TempDir Path dir;

  /** Writes frames 1..FRAMES alternating ids "a" and "b" into one segment and closes the log. */
  private Path writeClosedLog(Path logDir) {
    try (var log = LogFixture.builder(logDir).open()) {
      for (int seq = 1; seq <= FRAMES; seq++) {
        var pid = seq % 2 == 0 ? "b" : "a";
        log.append(List.of(frame(pid, seq, text(pid, seq)))).join();
      }
    }
    var segments = LogFixture.segments(logDir);
    assertEquals(1, segments.size());
    return segments.get(0);
  }

  private static List<String> textsOf(String pid, int... seqs) {
    var out = new ArrayList<String>();
    for (int seq : seqs) {
      out.add(text(pid, seq));
    }
    return out;
  }

  @Test
  void shouldReplayWhatWasAppendedAfterReopen() {
    var logDir = dir.resolve("log");
    try (var log =
        LogFixture.builder(logDir, LogFixture.settings().fsync(FsyncPolicy.ALWAYS)).open()) {
      LogFixture.appendInterleaved(log, 3, "a", "b");
      assertEquals(expectedTexts("a", 3), texts(log, "a"));
    }

    try (var log = LogFixture.builder(logDir).open()) {
      assertEquals(expectedTexts("a", 3), texts(log, "a"));
      assertEquals(expectedTexts("b", 3), texts(log, "b"));
      assertEquals(3, log.highestSequenceNr("a"));
      assertEquals(0, log.highestSequenceNr("unknown"));
      assertEquals(List.of(), texts(log, "unknown"));
      assertTrue(log.damage().isEmpty());
    }
  }

  @Test
  void shouldReplayOnlyTheRequestedRangeAndStopWhenAsked() {
    try (var log = LogFixture.builder(dir).open()) {
      LogFixture.appendInterleaved(log, 10, "a");
      var seen = new ArrayList<Long>();

      log.replay("a", 3, 7, f -> seen.add(f.firstSequenceNr()));
      assertEquals(List.of(3L, 4L, 5L, 6L, 7L), seen);

      seen.clear();
      log.replay("a", 1, 10, f -> seen.add(f.firstSequenceNr()) && seen.size() < 2);
      assertEquals(List.of(1L, 2L), seen);
    }
  }

  @Test
  void shouldRollIntoSealedSegmentsWithSidecars() {
    var logDir = dir.resolve("log");
    try (var log = LogFixture.builder(logDir, LogFixture.settings().segmentSize(1024)).open()) {
      LogFixture.appendInterleaved(log, 20, "a", "b");
    }

    var segments = LogFixture.segments(logDir);
    assertTrue(segments.size() >= 3, "segments: " + segments);
    assertEquals(segments.size() - 1, LogFixture.sidecars(logDir).size());
    for (var segment : segments) {
      assertTrue(LogFixture.size(segment) <= 1024, segment + " grew past the segment size");
    }
    try (var log = LogFixture.builder(logDir, LogFixture.settings().segmentSize(1024)).open()) {
      assertEquals(expectedTexts("a", 20), texts(log, "a"));
      assertEquals(expectedTexts("b", 20), texts(log, "b"));
    }
  }

  @Test
  void shouldTruncateATornTailCutAtEveryOffsetOfTheLastFrame() {
    var original = writeClosedLog(dir.resolve("original"));
    var bytes = LogFixture.read(original);
    var frames = LogFixture.framesOf(original);
    int lastStart = (int) LogFixture.offsetOf(frames.get(FRAMES - 1), 0);

    for (int cut = lastStart; cut < bytes.length; cut++) {
      var at = "cut at " + cut;
      var logDir = dir.resolve("cut-" + cut);
      var segment = logDir.resolve(original.getFileName());
      LogFixture.write(segment, Arrays.copyOf(bytes, cut));

      try (var log = LogFixture.builder(logDir).open()) {
        assertEquals(lastStart, LogFixture.size(segment), at);
        assertTrue(log.damage().isEmpty(), at);
        assertEquals(textsOf("a", 1, 3, 5), texts(log, "a"), at);
        assertEquals(textsOf("b", 2, 4), texts(log, "b"), at);
        assertEquals(4, log.highestSequenceNr("b"), at);

        log.append(List.of(frame("b", 6, "after the tear"))).join();
        assertEquals("after the tear", texts(log, "b").get(2), at);
      }
      try (var log = LogFixture.builder(logDir).open()) {
        assertEquals(List.of(text("b", 2), text("b", 4), "after the tear"), texts(log, "b"), at);
        assertTrue(log.damage().isEmpty(), at);
      }
    }
  }

  @Test
  void shouldTruncateZerosAfterTheLastFrame() {
    var segment = writeClosedLog(dir);
    long end = LogFixture.size(segment);
    LogFixture.writeAt(segment, end, new byte[8192]);

    try (var log = LogFixture.builder(dir).open()) {
      assertEquals(end, LogFixture.size(segment));
      assertTrue(log.damage().isEmpty());
      assertEquals(textsOf("a", 1, 3, 5), texts(log, "a"));
      log.append(List.of(frame("a", 7, text("a", 7)))).join();
    }
    try (var log = LogFixture.builder(dir).open()) {
      assertEquals(textsOf("a", 1, 3, 5, 7), texts(log, "a"));
    }
  }

  @Test
  void shouldTruncateALastFrameWhoseBodyIsPartlyZeros() {
    var segment = writeClosedLog(dir);
    var frames = LogFixture.framesOf(segment);
    long lastStart = LogFixture.offsetOf(frames.get(FRAMES - 1), 0);
    long bodyStart = lastStart + FrameCodec.HEADER_LENGTH;
    long end = LogFixture.size(segment);
    LogFixture.writeAt(segment, bodyStart + 20, new byte[(int) (end - bodyStart - 20)]);

    try (var log = LogFixture.builder(dir).open()) {
      assertEquals(lastStart, LogFixture.size(segment));
      assertTrue(log.damage().isEmpty());
      assertEquals(textsOf("b", 2, 4), texts(log, "b"));
      assertEquals(textsOf("a", 1, 3, 5), texts(log, "a"));
      log.append(List.of(frame("b", 6, "rewritten"))).join();
      assertEquals(List.of(text("b", 2), text("b", 4), "rewritten"), texts(log, "b"));
    }
  }

  @Test
  void shouldKeepACompleteLastFrameWithABadChecksumAsDamage() {
    var segment = writeClosedLog(dir);
    long end = LogFixture.size(segment);
    LogFixture.flipBit(segment, end - 2, 3); // last frame is "b" 6
    var before = LogFixture.read(segment);

    try (var log = LogFixture.builder(dir).open()) {
      assertArrayEquals(before, LogFixture.read(segment), "damage must be left as found");
      assertEquals(1, log.damage().size());
      var e = assertThrows(CorruptLogException.class, () -> texts(log, "b"));
      assertEquals(segment, e.file());
      assertTrue(e.persistenceId().isEmpty(), "a frame that fails its checksum names no owner");
      assertThrows(CorruptLogException.class, () -> texts(log, "a"));
    }
  }

  @Test
  void shouldRejectAnInvalidLogId() {
    assertThrows(IllegalArgumentException.class, () -> NodeLog.builder(dir, "no/slash"));
    assertThrows(IllegalArgumentException.class, () -> NodeLog.builder(dir, ""));
  }
}
