package io.interstice.journal.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.journal.UnsupportedFormatException;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentScannerTest {
  private static final int FRAMES = 5;

  @TempDir Path dir;

  /** Header then frames 1..n of ids "a" and "b" alternating; returns the frame end offsets. */
  private static byte[] segmentBytes(int n, List<Integer> ends) {
    var out = new ByteArrayOutputStream();
    var header = SegmentHeader.of(0, LogFixture.LOG_ID).encode();
    out.write(header.array(), 0, header.remaining());
    for (int seq = 1; seq <= n; seq++) {
      var pid = seq % 2 == 0 ? "b" : "a";
      var frame = FrameCodec.encode(pid, List.of(LogFixture.event(seq, LogFixture.text(pid, seq))));
      out.write(frame.array(), 0, frame.remaining());
      ends.add(out.size());
    }
    return out.toByteArray();
  }

  private Path file(byte[] bytes) {
    var path = dir.resolve(SegmentNames.segmentFileName(0));
    LogFixture.write(path, bytes);
    return path;
  }

  private static List<Long> sequenceNrs(List<Frame> frames) {
    return frames.stream().map(Frame::firstSequenceNr).toList();
  }

  @Test
  void shouldFindEveryFrameOfAHealthySegment() {
    var ends = new ArrayList<Integer>();
    var bytes = segmentBytes(FRAMES, ends);
    var frames = new ArrayList<Frame>();

    var scan = SegmentScanner.scan(file(bytes), frames::add);

    assertTrue(scan.healthy());
    assertEquals(FRAMES, scan.frameCount());
    assertEquals(bytes.length, scan.validEnd());
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), sequenceNrs(frames));
    assertEquals("b", frames.get(1).persistenceId());
  }

  @Test
  void shouldTreatAFileCutAtEveryOffsetOfTheLastFrameAsATornTail() {
    var ends = new ArrayList<Integer>();
    var bytes = segmentBytes(FRAMES, ends);
    int lastStart = ends.get(FRAMES - 2);
    for (int cut = lastStart + 1; cut < bytes.length; cut++) {
      var frames = new ArrayList<Frame>();

      var scan = SegmentScanner.scan(file(Arrays.copyOf(bytes, cut)), frames::add);

      var at = "cut at " + cut;
      assertTrue(scan.tornTail(), at);
      assertTrue(scan.damage().isEmpty(), at);
      assertEquals(lastStart, scan.validEnd(), at);
      assertEquals(List.of(1L, 2L, 3L, 4L), sequenceNrs(frames), at);
    }
  }

  @Test
  void shouldTreatZerosAfterTheLastFrameAsATornTail() {
    var ends = new ArrayList<Integer>();
    var bytes = segmentBytes(FRAMES, ends);

    var scan = SegmentScanner.scan(file(Arrays.copyOf(bytes, bytes.length + 4096)), f -> {});

    assertTrue(scan.tornTail());
    assertTrue(scan.damage().isEmpty());
    assertEquals(bytes.length, scan.validEnd());
    assertEquals(FRAMES, scan.frameCount());
  }

  @Test
  void shouldTreatALastFrameWhoseBodyEndsInZerosAsATornTail() {
    var ends = new ArrayList<Integer>();
    var bytes = segmentBytes(FRAMES, ends);
    int lastStart = ends.get(FRAMES - 2);
    int bodyStart = lastStart + FrameCodec.HEADER_LENGTH;
    Arrays.fill(bytes, bodyStart + (bytes.length - bodyStart) / 2, bytes.length, (byte) 0);

    var scan = SegmentScanner.scan(file(bytes), f -> {});

    assertTrue(scan.tornTail());
    assertTrue(scan.damage().isEmpty());
    assertEquals(lastStart, scan.validEnd());
  }

  @Test
  void shouldReportACompleteLastFrameWithABadChecksumAsDamageNotAsTorn() {
    var ends = new ArrayList<Integer>();
    var bytes = segmentBytes(FRAMES, ends);
    int lastStart = ends.get(FRAMES - 2);
    // Fewer zeros than a torn write leaves: an acknowledged frame that rotted, not a torn one.
    Arrays.fill(bytes, bytes.length - 4, bytes.length, (byte) 0);

    var scan = SegmentScanner.scan(file(bytes), f -> {});

    assertFalse(scan.tornTail());
    assertEquals(1, scan.damage().size());
    var damage = scan.damage().get(0);
    assertEquals(lastStart, damage.offset());
    assertEquals(bytes.length, damage.end());
    assertNull(damage.persistenceId(), "a frame that fails its checksum cannot vouch for its id");
    assertTrue(damage.reason().contains("CRC stored"), damage.reason());
  }

  @Test
  void shouldResynchroniseAfterDamageInTheMiddle() {
    var ends = new ArrayList<Integer>();
    var bytes = segmentBytes(FRAMES, ends);
    int secondStart = ends.get(0);
    bytes[ends.get(1) - 3] ^= 0x10; // payload of frame 2 (id "b")
    var frames = new ArrayList<Frame>();

    var scan = SegmentScanner.scan(file(bytes), frames::add);

    assertFalse(scan.tornTail());
    assertEquals(List.of(1L, 3L, 4L, 5L), sequenceNrs(frames));
    assertEquals(1, scan.damage().size());
    var damage = scan.damage().get(0);
    assertEquals(secondStart, damage.offset());
    assertEquals(ends.get(1).longValue(), damage.end());
    assertNull(damage.persistenceId(), "a frame that fails its checksum cannot vouch for its id");
    assertTrue(damage.toString().contains(damage.file().toString()), damage.toString());
  }

  @Test
  void shouldReportDamageWithoutAnIdWhenTheIdIsUnreadable() {
    var ends = new ArrayList<Integer>();
    var bytes = segmentBytes(FRAMES, ends);
    int secondStart = ends.get(0);
    bytes[secondStart + FrameCodec.HEADER_LENGTH + 1] = (byte) 0x7F; // id length high byte

    var scan = SegmentScanner.scan(file(bytes), f -> {});

    assertEquals(1, scan.damage().size());
    assertNull(scan.damage().get(0).persistenceId());
    assertEquals(FRAMES - 1, scan.frameCount());
  }

  @Test
  void shouldReportGarbageBetweenFramesAsDamage() {
    var ends = new ArrayList<Integer>();
    var bytes = segmentBytes(FRAMES, ends);
    var garbage = "garbage written by something else".getBytes();
    var out = new ByteArrayOutputStream();
    out.write(bytes, 0, ends.get(1));
    out.write(garbage, 0, garbage.length);
    out.write(bytes, ends.get(1), bytes.length - ends.get(1));

    var scan = SegmentScanner.scan(file(out.toByteArray()), f -> {});

    assertEquals(FRAMES, scan.frameCount());
    assertEquals(1, scan.damage().size());
    assertEquals(ends.get(1).longValue(), scan.damage().get(0).offset());
    assertEquals(ends.get(1).longValue() + garbage.length, scan.damage().get(0).end());
  }

  @Test
  void shouldRefuseAFileThatIsNotASegment() {
    var path = dir.resolve("00000000000000000000.log");
    LogFixture.write(path, "just some text".getBytes());

    var e =
        assertThrows(UnsupportedFormatException.class, () -> SegmentScanner.scan(path, f -> {}));

    assertTrue(e.getMessage().contains(path.toString()), e.getMessage());
  }
}
