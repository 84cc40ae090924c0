package io.interstice.journal.log;

import static io.interstice.journal.log.LogFixture.expectedTexts;
import static io.interstice.journal.log.LogFixture.texts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.journal.CorruptLogException;
import io.interstice.journal.JournalException;
import io.interstice.journal.JournalIoException;
import io.interstice.journal.UnsupportedFormatException;
import io.interstice.journal.log.internal.Crc;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What recovering a log directory checks, repairs and reports, seen through {@link NodeLog#builder}
 * and {@link LogReader#verify}.
 */
class LogRecoveryTest {
  private static final int SEGMENT_SIZE = 1024;
  private static final int EVENTS = 12;

  @TempDir Path dir;

  private List<Path> writeLog() {
    try (var log =
        LogFixture.builder(dir, LogFixture.settings().segmentSize(SEGMENT_SIZE)).open()) {
      LogFixture.appendInterleaved(log, EVENTS, "a", "b");
    }
    var segments = LogFixture.segments(dir);
    assertTrue(segments.size() >= 2, "need a sealed and an active segment");
    return segments;
  }

  private NodeLog open() {
    return LogFixture.builder(dir, LogFixture.settings().segmentSize(SEGMENT_SIZE)).open();
  }

  /** Opening fails with {@code type}; the lock is released, so a second try fails the same way. */
  private <T extends JournalException> T assertOpenFails(Class<T> type) {
    var e = assertThrows(type, this::open);
    assertThrows(type, this::open, "a failed open must not leave the directory locked");
    return e;
  }

  private static void assertIntact(NodeLog log) {
    assertEquals(expectedTexts("a", EVENTS), texts(log, "a"));
    assertEquals(expectedTexts("b", EVENTS), texts(log, "b"));
  }

  /** Overwrites a header field and recomputes the header CRC. */
  private static void rewriteHeader(Path segment, int offset, byte[] value) {
    LogFixture.writeAt(segment, offset, value);
    int crcAt = SegmentHeader.of(0, LogFixture.LOG_ID).length() - 4;
    var header = ByteBuffer.wrap(LogFixture.read(segment));
    var crc = ByteBuffer.allocate(4).putInt(Crc.of(header, 0, crcAt)).array();
    LogFixture.writeAt(segment, crcAt, crc);
  }

  @Test
  void shouldRefuseASegmentWithBadMagic() {
    for (var segment : writeLog()) {
      var bytes = LogFixture.read(segment);
      LogFixture.writeAt(segment, 0, "XSTL".getBytes());

      var e = assertOpenFails(UnsupportedFormatException.class);

      assertTrue(e.getMessage().contains("not an Interstice log segment"), e.getMessage());
      assertTrue(e.getMessage().contains(segment.toString()), e.getMessage());
      LogFixture.write(segment, bytes);
    }
    try (var log = open()) {
      assertIntact(log);
    }
  }

  @Test
  void shouldRefuseASegmentOfANewerFormatVersion() {
    var segment = writeLog().get(0);
    rewriteHeader(segment, SegmentHeader.OFFSET_VERSION, new byte[] {0, 7});

    var e = assertOpenFails(UnsupportedFormatException.class);

    assertTrue(e.getMessage().contains("version 7"), e.getMessage());
    assertTrue(e.getMessage().contains(segment.toString()), e.getMessage());
  }

  @Test
  void shouldReportASegmentHeaderWithABadChecksum() {
    var segments = writeLog();
    var last = segments.get(segments.size() - 1);
    LogFixture.flipBit(last, SegmentHeader.OFFSET_LOG_ID + 2, 0);

    var e = assertOpenFails(CorruptLogException.class);

    assertEquals(last, e.file());
    assertTrue(e.getMessage().contains("segment header CRC"), e.getMessage());
  }

  @Test
  void shouldReportAHeaderWhoseBaseDoesNotMatchItsFileName() {
    var segments = writeLog();
    rewriteHeader(segments.get(1), SegmentHeader.OFFSET_BASE, new byte[] {0, 0, 0, 0, 0, 0, 0, 1});

    var e = assertOpenFails(CorruptLogException.class);

    assertEquals(segments.get(1), e.file());
    assertTrue(e.getMessage().contains("does not match the file name"), e.getMessage());
  }

  @Test
  void shouldRefuseALogOpenedUnderAnotherLogId() {
    writeLog();

    var e =
        assertThrows(UnsupportedFormatException.class, () -> NodeLog.builder(dir, "node-b").open());

    assertTrue(e.getMessage().contains("belongs to log 'node-a'"), e.getMessage());
    assertTrue(e.getMessage().contains("log 'node-b'"), e.getMessage());
  }

  @Test
  void shouldRefuseAForeignFileNamingIt() throws Exception {
    writeLog();
    var notes = Files.writeString(dir.resolve("notes.txt"), "remember the milk");

    var e = assertOpenFails(UnsupportedFormatException.class);

    assertTrue(e.getMessage().contains(notes.toString()), e.getMessage());
    Files.delete(notes);
    try (var log = open()) {
      assertIntact(log);
    }
  }

  @Test
  void shouldRemoveLeftoverTemporaryFilesOnOpen() throws Exception {
    writeLog();
    var sidecarTemp = Files.write(dir.resolve("00000000000000000000.idx.tmp"), new byte[] {1, 2});
    var deletionsTemp = Files.write(dir.resolve("deletions.dat.tmp"), new byte[] {3});

    try (var log = open()) {
      assertFalse(Files.exists(sidecarTemp));
      assertFalse(Files.exists(deletionsTemp));
      assertIntact(log);
    }
  }

  /**
   * The half-created segment is gone. Its predecessor was sealed (it has a sidecar), so the writer
   * may have created the segment afresh at the same base: then it has a whole, valid header.
   */
  private static void assertNotKept(Path torn, String message) {
    if (Files.exists(torn)) {
      var bytes = LogFixture.read(torn);
      var header = SegmentHeader.decode(torn, java.nio.ByteBuffer.wrap(bytes));
      assertEquals(LogFixture.baseOf(torn), header.basePosition(), message);
    }
  }

  @Test
  void shouldRemoveALastSegmentWhoseHeaderWasNeverCompletelyWritten() {
    var segments = writeLog();
    var last = segments.get(segments.size() - 1);
    long base = LogFixture.baseOf(last) + LogFixture.size(last);
    var header = SegmentHeader.of(base, LogFixture.LOG_ID).encode().array();
    var torn = SegmentNames.segment(dir, base);

    for (int length = 0; length < header.length; length++) {
      LogFixture.write(torn, Arrays.copyOf(header, length));

      try (var log = open()) {
        assertNotKept(torn, "header cut at " + length + " kept");
        assertIntact(log);
      }
    }
  }

  @Test
  void shouldRemoveALastSegmentWhoseHeaderIsStillZeros() {
    var segments = writeLog();
    var last = segments.get(segments.size() - 1);
    long base = LogFixture.baseOf(last) + LogFixture.size(last);
    var torn = SegmentNames.segment(dir, base);

    int headerLength = SegmentHeader.of(base, LogFixture.LOG_ID).length();
    for (int length : new int[] {1, SegmentHeader.FIXED_LENGTH, headerLength}) {
      LogFixture.write(torn, new byte[length]);

      try (var log = open()) {
        assertNotKept(torn, length + " zero bytes kept");
        assertIntact(log);
      }
    }
  }

  @Test
  void shouldFailClearlyWhenTheDirectoryIsARegularFile() throws Exception {
    var file = Files.writeString(dir.resolve("not-a-dir"), "x");

    var e = assertThrows(JournalIoException.class, () -> LogFixture.builder(file).open());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());

    var below = file.resolve("log");
    var e2 = assertThrows(JournalIoException.class, () -> LogFixture.builder(below).open());
    assertTrue(e2.getMessage().contains(below.toString()), e2.getMessage());
  }

  @Test
  void shouldCreateAMissingDirectoryWithItsParents() {
    var nested = dir.resolve("data/journal/node-a");

    try (var log = LogFixture.builder(nested).open()) {
      log.append(List.of(LogFixture.frame("a", 1, "first"))).join();
    }

    assertEquals(1, LogFixture.segments(nested).size());
  }

  /** A log in a directory named after it, as offline tools find it. */
  private Path writeNamedLog() {
    var logDir = dir.resolve(LogFixture.LOG_ID);
    try (var log =
        LogFixture.builder(logDir, LogFixture.settings().segmentSize(SEGMENT_SIZE)).open()) {
      LogFixture.appendInterleaved(log, EVENTS, "a", "b");
    }
    return logDir;
  }

  @Test
  void shouldReportWhatItFoundAndTheTornTailItCut() {
    var logDir = writeNamedLog();
    var segments = LogFixture.segments(logDir);
    var last = segments.get(segments.size() - 1);
    long size = LogFixture.size(last);
    var frame = LogFixture.frame("a", EVENTS + 1, "never acknowledged").bytes();
    var half = new byte[frame.remaining() / 2];
    frame.duplicate().get(half);
    LogFixture.writeAt(last, size, half);

    var offline = LogReader.open(logDir).verify(s -> {});

    assertEquals(half.length, offline.bytesTruncated());
    assertEquals(size + half.length, LogFixture.size(last), "verification changes nothing");
    assertTrue(
        offline.warnings().stream()
            .anyMatch(w -> w.startsWith(last + ": torn final frame at offset " + size)),
        offline.warnings().toString());
    assertEquals(2L * EVENTS, offline.frames());
    try (var log =
        LogFixture.builder(logDir, LogFixture.settings().segmentSize(SEGMENT_SIZE)).open()) {
      var report = log.recoveryReport();
      assertEquals(half.length, report.bytesTruncated());
      assertEquals(size, LogFixture.size(last), "the torn frame is cut");
      assertEquals(2L * EVENTS, report.frames(), "from sidecars and the scan of the last segment");
      assertEquals(2L * EVENTS, report.events());
      assertEquals(segments, report.segments().stream().map(SegmentInfo::file).toList());
      assertEquals(
          SegmentInfo.SidecarState.OK, report.segments().get(0).sidecar(), "sealed: sidecar");
      assertTrue(report.healthy(), report.damage().toString());
      assertEquals(Map.of(), report.holes());
    }
  }

  @Test
  void shouldReportTheHolesALenientModeRecordedForDamage() {
    try (var log = LogFixture.builder(dir).open()) {
      LogFixture.appendInterleaved(log, EVENTS, "a", "b");
    }
    var segment = LogFixture.segments(dir).get(0);
    var victim = LogFixture.framesOf(segment).get(EVENTS); // frames of both ids follow it
    LogFixture.flipBit(segment, LogFixture.offsetOf(victim, 0) + 12, 0);

    try (var log =
        LogFixture.builder(dir, LogFixture.settings().recoveryMode(RecoveryMode.SKIP_CORRUPTED))
            .open()) {
      var report = log.recoveryReport();

      assertEquals(1, report.damage().size(), report.damage().toString());
      assertEquals(Set.of(victim.persistenceId()), report.holes().keySet());
      var holes = report.holes().get(victim.persistenceId());
      assertEquals(1, holes.size());
      long seq = victim.firstSequenceNr();
      assertArrayEquals(new long[] {seq, seq}, holes.get(0));
      assertArrayEquals(holes.get(0), log.holes(victim.persistenceId()).get(0), "recorded");
    }
  }
}
