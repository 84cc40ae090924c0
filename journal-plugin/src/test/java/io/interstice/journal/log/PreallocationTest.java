package io.interstice.journal.log;

import static io.interstice.journal.log.LogFixture.expectedTexts;
import static io.interstice.journal.log.LogFixture.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.journal.log.internal.ReadOnlyLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zeros the writer keeps ahead of the active segment's frames ({@code preallocate}): there
 * while the log runs, cut off when a segment is sealed or the log closes, and after a crash read as
 * space never written, not as a torn frame, while a frame torn inside them is still one.
 */
class PreallocationTest {
  private static final int PREALLOCATE = 8192;
  private static final int EVENTS = 20;

  @TempDir Path temp;
  @TempDir Path crashed;

  /** The log's directory, named after it as offline tools find it; and a crashed copy of it. */
  private Path dir;

  private Path copy;

  @BeforeEach
  void directories() throws IOException {
    dir = temp.resolve(LogFixture.LOG_ID);
    copy = Files.createDirectories(crashed.resolve(LogFixture.LOG_ID));
  }

  private NodeLog open(Path logDir, long segmentSize, long preallocate) {
    return LogFixture.builder(
            logDir, LogFixture.settings().segmentSize(segmentSize).preallocate(preallocate))
        .open();
  }

  private static Path last(Path logDir) {
    var segments = LogFixture.segments(logDir);
    return segments.get(segments.size() - 1);
  }

  /** Where the last segment's frames end. */
  private static long framesEnd(Path segment) {
    return SegmentScanner.scan(segment, f -> {}).validEnd();
  }

  /** The files of a running log as a kill -9 would leave them: what the kernel holds now. */
  private static void copyWhileOpen(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.list(from)) {
      for (var file : files.toList()) {
        if (Files.isRegularFile(file)) {
          Files.copy(file, to.resolve(file.getFileName()));
        }
      }
    }
  }

  /**
   * Writes a log and copies its files while it runs (a kill -9's leftovers); returns the copy's
   * last segment.
   */
  private Path crashedCopy() throws IOException {
    try (var log = open(dir, 64L << 20, PREALLOCATE)) {
      LogFixture.appendInterleaved(log, EVENTS, "a", "b");
      copyWhileOpen(dir, copy);
    }
    return last(copy);
  }

  @Test
  void shouldKeepZerosAheadOfTheFramesWhileRunningAndCutThemWhenClosed() {
    long end;
    try (var log = open(dir, 64L << 20, PREALLOCATE)) {
      LogFixture.appendInterleaved(log, EVENTS, "a", "b");
      var segment = last(dir);
      end = framesEnd(segment);
      assertTrue(
          LogFixture.size(segment) > end,
          "zeros ahead of the frames: file " + LogFixture.size(segment) + ", frames " + end);
      assertTrue(LogFixture.size(segment) <= end + PREALLOCATE, "at most one step ahead");
      assertEquals(end, SegmentScanner.endOfData(segment), "only zeros after the frames");
    }
    assertEquals(end, LogFixture.size(last(dir)), "closed: the file ends with its last frame");
    try (var log = open(dir, 64L << 20, PREALLOCATE)) {
      assertEquals(expectedTexts("a", EVENTS), texts(log, "a"));
      assertTrue(log.recoveryReport().healthy(), log.recoveryReport().damage().toString());
      assertEquals(0, log.recoveryReport().bytesTruncated());
    }
  }

  @Test
  void shouldSealEverySegmentAtItsLastFrame() {
    try (var log = open(dir, 1024, 512)) {
      LogFixture.appendInterleaved(log, EVENTS, "a", "b");
      var segments = LogFixture.segments(dir);
      assertTrue(segments.size() >= 3, "several segments sealed: " + segments);
      for (var sealed : segments.subList(0, segments.size() - 1)) {
        assertEquals(framesEnd(sealed), LogFixture.size(sealed), sealed + " ends with its frames");
      }
    }
    var verified = LogReader.open(dir).verify(s -> {});
    assertTrue(verified.healthy(), verified.damage().toString());
    assertEquals(List.of(), verified.warnings());
    assertEquals(2L * EVENTS, verified.frames());
  }

  @Test
  void shouldRecoverACrashedLogWithZerosAfterItsFramesWithoutAWarning() throws IOException {
    var segment = crashedCopy();
    long end = framesEnd(segment);
    assertTrue(LogFixture.size(segment) > end, "the crashed copy holds zeros after its frames");

    var offline = LogReader.open(copy).verify(s -> {});
    assertTrue(offline.healthy(), offline.damage().toString());
    assertEquals(List.of(), offline.warnings());
    assertEquals(0, offline.bytesTruncated());

    try (var log = open(copy, 64L << 20, PREALLOCATE)) {
      assertEquals(expectedTexts("a", EVENTS), texts(log, "a"));
      assertEquals(expectedTexts("b", EVENTS), texts(log, "b"));
      var report = log.recoveryReport();
      assertTrue(report.healthy(), report.damage().toString());
      assertEquals(List.of(), report.warnings());
      assertEquals(end, LogFixture.size(segment), "the zeros are cut off when the log opens");
      log.append(List.of(LogFixture.frame("c", 1, "after the crash"))).join();
      assertEquals(List.of("after the crash"), texts(log, "c"));
    }
  }

  @Test
  void shouldStillReportAFrameTornInsideTheZeros() throws IOException {
    var segment = crashedCopy();
    long end = framesEnd(segment);
    var frame = LogFixture.frame("a", EVENTS + 1, "never acknowledged").bytes();
    var half = new byte[frame.remaining() / 2];
    frame.duplicate().get(half);
    LogFixture.writeAt(segment, end, half);

    var offline = LogReader.open(copy).verify(s -> {});
    assertTrue(
        offline.warnings().stream()
            .anyMatch(w -> w.startsWith(segment + ": torn final frame at offset " + end)),
        offline.warnings().toString());
    try (var log = open(copy, 64L << 20, PREALLOCATE)) {
      assertEquals(expectedTexts("a", EVENTS), texts(log, "a"));
      assertEquals(end, LogFixture.size(segment), "the torn frame and the zeros are cut off");
    }
  }

  @Test
  void shouldReportAChangedByteInTheZerosAsDamage() throws IOException {
    var segment = crashedCopy();
    long end = framesEnd(segment);
    LogFixture.flipBit(segment, end + 100, 3);

    var offline = LogReader.open(copy).verify(s -> {});

    assertEquals(1, offline.damage().size(), offline.damage().toString());
    assertEquals(end, offline.damage().get(0).offset(), "from the end of the last frame");
    assertEquals(2L * EVENTS, offline.frames(), "every frame before it is intact");
  }

  @Test
  void shouldShowAReaderOfTheRunningLogTheAppendsThatKeepItsSize() throws IOException {
    try (var log = open(dir, 64L << 20, PREALLOCATE);
        var reader = ReadOnlyLog.open(dir, LogFixture.LOG_ID, RecoveryMode.STRICT)) {
      LogFixture.appendInterleaved(log, 1, "a");
      reader.refresh();
      assertEquals(1, reader.highestSequenceNr("a"));
      var segment = last(dir);
      long size = LogFixture.size(segment);
      var modified = Files.getLastModifiedTime(segment);

      log.append(List.of(LogFixture.frame("a", 2, "within the zeros"))).join();
      // As on a kernel whose file times move once per clock tick: nothing but the data changed.
      Files.setLastModifiedTime(segment, modified);
      assertEquals(size, LogFixture.size(segment), "the append overwrote zeros");

      reader.refresh();
      assertEquals(2, reader.highestSequenceNr("a"));
    }
  }

  @Test
  void shouldGrowTheFileOnlyByItsFramesWhenOff() {
    try (var log = open(dir, 64L << 20, 0)) {
      LogFixture.appendInterleaved(log, EVENTS, "a", "b");
      var segment = last(dir);
      assertEquals(framesEnd(segment), LogFixture.size(segment));
    }
  }
}
