package io.interstice.journal.log.internal;

import static io.interstice.journal.log.LogFixture.expectedTexts;
import static io.interstice.journal.log.LogFixture.texts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.journal.CorruptLogException;
import io.interstice.journal.log.LogFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sidecars are derived data: whatever is wrong with one, the segment is scanned and it rebuilt. */
class SidecarIndexTest {
  private static final int SEGMENT_SIZE = 1024;
  private static final int EVENTS = 12;

  @TempDir Path dir;
  private Path sidecar;
  private byte[] original;

  @BeforeEach
  void writeLogWithSealedSegments() {
    try (var log =
        LogFixture.builder(dir, LogFixture.settings().segmentSize(SEGMENT_SIZE)).open()) {
      LogFixture.appendInterleaved(log, EVENTS, "a", "b", "ü/ß");
    }
    sidecar = LogFixture.sidecars(dir).get(0);
    original = LogFixture.read(sidecar);
  }

  private void assertRebuiltAndDataIntact(String what) {
    try (var log =
        LogFixture.builder(dir, LogFixture.settings().segmentSize(SEGMENT_SIZE)).open()) {
      assertTrue(log.damage().isEmpty(), what);
      assertEquals(expectedTexts("a", EVENTS), texts(log, "a"), what);
      assertEquals(expectedTexts("b", EVENTS), texts(log, "b"), what);
      assertEquals(expectedTexts("ü/ß", EVENTS), texts(log, "ü/ß"), what);
    }
    assertArrayEquals(original, LogFixture.read(sidecar), what + ": sidecar not rewritten");
  }

  @Test
  void shouldRoundTripTheEntriesOfASegment() {
    var segment = LogFixture.segments(dir).get(0);

    var entries = SidecarIndex.read(sidecar, 0, LogFixture.size(segment));

    var frames = LogFixture.framesOf(segment);
    assertEquals(frames.size(), entries.size());
    for (int i = 0; i < frames.size(); i++) {
      assertEquals(frames.get(i).persistenceId(), entries.persistenceId(i));
      assertEquals(frames.get(i).position(), entries.position(i));
      assertEquals(frames.get(i).firstSequenceNr(), entries.firstSequenceNr(i));
      assertEquals(frames.get(i).lastSequenceNr(), entries.lastSequenceNr(i));
    }
  }

  @Test
  void shouldDetectEveryBitFlipWhenReadDirectly() {
    long size = LogFixture.size(LogFixture.segments(dir).get(0));
    for (int at = 0; at < original.length; at++) {
      var bytes = original.clone();
      bytes[at] ^= (byte) (1 << (at % 8));
      LogFixture.write(sidecar, bytes);
      int offset = at;

      assertThrows(
          io.interstice.journal.JournalException.class,
          () -> SidecarIndex.read(sidecar, 0, size),
          () -> "flip at " + offset + " went unnoticed");
    }
  }

  @Test
  void shouldRescanAndRewriteASidecarWithABitFlippedInAnyField() {
    // One byte of each field (both bytes of the version); every byte is covered by the read test.
    int entry = SidecarIndex.OFFSET_ENTRIES;
    int[] offsets = {
      0,
      4,
      5,
      6,
      SidecarIndex.OFFSET_BASE + 7,
      SidecarIndex.OFFSET_SEGMENT_SIZE + 6,
      SidecarIndex.OFFSET_COUNT + 3,
      entry + 1,
      entry + 2,
      entry + 3 + 7,
      entry + 3 + 15,
      entry + 3 + 23,
      original.length / 2,
      original.length - 5,
      original.length - 1
    };
    for (int at : offsets) {
      var bytes = original.clone();
      bytes[at] ^= (byte) (1 << (at % 8));
      LogFixture.write(sidecar, bytes);

      assertRebuiltAndDataIntact("flip at " + at);
    }
  }

  @Test
  void shouldReportABadChecksumWithStoredAndComputedValues() {
    var bytes = original.clone();
    bytes[SidecarIndex.OFFSET_ENTRIES + 3] ^= 1;
    LogFixture.write(sidecar, bytes);
    long size = LogFixture.size(LogFixture.segments(dir).get(0));

    var e = assertThrows(CorruptLogException.class, () -> SidecarIndex.read(sidecar, 0, size));

    assertEquals(sidecar, e.file());
    assertTrue(e.getMessage().contains("stored 0x"), e.getMessage());
    assertTrue(e.getMessage().contains("computed 0x"), e.getMessage());
  }

  @Test
  void shouldRebuildASidecarDescribingAnotherSegmentSize() {
    var segment = LogFixture.segments(dir).get(0);
    var entries = SidecarIndex.read(sidecar, 0, LogFixture.size(segment));
    SidecarIndex.write(dir, 0, LogFixture.size(segment) - 1, entries);

    var e =
        assertThrows(
            CorruptLogException.class,
            () -> SidecarIndex.read(sidecar, 0, LogFixture.size(segment)));
    assertTrue(e.getMessage().contains("describes segment base 0 of"), e.getMessage());

    assertRebuiltAndDataIntact("stale sidecar");
  }

  @Test
  void shouldRebuildASidecarThatBelongsToAnotherSegment() throws Exception {
    var other = LogFixture.sidecars(dir).get(1);
    Files.copy(other, sidecar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    assertRebuiltAndDataIntact("sidecar of another segment");
  }

  @Test
  void shouldRebuildATruncatedOrMissingSidecar() throws Exception {
    LogFixture.write(sidecar, Arrays.copyOf(original, original.length / 2));
    assertRebuiltAndDataIntact("truncated sidecar");

    LogFixture.write(sidecar, new byte[0]);
    assertRebuiltAndDataIntact("empty sidecar");

    Files.delete(sidecar);
    assertRebuiltAndDataIntact("missing sidecar");
  }
}
