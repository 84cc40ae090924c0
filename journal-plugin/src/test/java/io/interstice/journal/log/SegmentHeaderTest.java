package io.interstice.journal.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.journal.CorruptLogException;
import io.interstice.journal.UnsupportedFormatException;
import io.interstice.journal.log.internal.Crc;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SegmentHeaderTest {
  private static final Path FILE = Path.of("/data/journal/node-a/00000000000000004096.log");

  private static ByteBuffer encoded() {
    return SegmentHeader.of(4096, "node-a").encode();
  }

  /** Rewrites the header CRC so that only the field under test is wrong. */
  private static ByteBuffer withValidCrc(ByteBuffer header) {
    int crcAt = header.limit() - 4;
    header.putInt(crcAt, Crc.of(header, 0, crcAt));
    return header;
  }

  @Test
  void shouldRoundTripAHeader() {
    var header = SegmentHeader.of(Long.MAX_VALUE - 1, "node-ä.1");
    var bytes = header.encode();

    assertEquals(header.length(), bytes.remaining());
    assertEquals(header, SegmentHeader.decode(FILE, bytes));
    assertEquals(SegmentHeader.VERSION, header.version());
  }

  @Test
  void shouldDecodeAHeaderFollowedByFrames() {
    var header = encoded();
    var withFrames = ByteBuffer.allocate(header.remaining() + 100).put(header).flip();
    withFrames.limit(withFrames.capacity());

    assertEquals("node-a", SegmentHeader.decode(FILE, withFrames).logId());
  }

  @Test
  void shouldRefuseAForeignFileAsNotASegment() {
    var bytes = ByteBuffer.wrap("hello, this is a text file".getBytes());

    var e = assertThrows(UnsupportedFormatException.class, () -> SegmentHeader.decode(FILE, bytes));

    assertTrue(e.getMessage().contains("not an Interstice log segment"), e.getMessage());
    assertTrue(e.getMessage().contains(FILE.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("0x68656c6c"), e.getMessage());
  }

  @Test
  void shouldRefuseAnEmptyFileAsNotASegment() {
    var e =
        assertThrows(
            UnsupportedFormatException.class,
            () -> SegmentHeader.decode(FILE, ByteBuffer.allocate(0)));

    assertTrue(e.getMessage().contains("file is empty"), e.getMessage());
  }

  @Test
  void shouldRefuseANewerVersionNamingIt() {
    var header = encoded();
    header.putShort(SegmentHeader.OFFSET_VERSION, (short) 2);

    var e =
        assertThrows(
            UnsupportedFormatException.class,
            () -> SegmentHeader.decode(FILE, withValidCrc(header)));

    assertTrue(e.getMessage().contains("version 2"), e.getMessage());
    assertTrue(e.getMessage().contains("reads version 1"), e.getMessage());
    assertTrue(e.getMessage().contains(FILE.toString()), e.getMessage());
  }

  @Test
  void shouldReportABadChecksumWithStoredAndComputedValues() {
    var header = encoded();
    header.put(SegmentHeader.OFFSET_BASE + 7, (byte) 1);

    var e = assertThrows(CorruptLogException.class, () -> SegmentHeader.decode(FILE, header));

    assertEquals(FILE, e.file());
    assertTrue(e.getMessage().contains("stored 0x"), e.getMessage());
    assertTrue(e.getMessage().contains("computed 0x"), e.getMessage());
  }

  @Test
  void shouldDetectEveryBitFlipAfterTheMagic() {
    int length = encoded().remaining();
    for (int at = 4; at < length; at++) {
      for (int bit = 0; bit < 8; bit++) {
        var header = encoded();
        header.put(at, (byte) (header.get(at) ^ (1 << bit)));
        int offset = at;
        int flipped = bit;
        assertThrows(
            io.interstice.journal.JournalException.class,
            () -> SegmentHeader.decode(FILE, header),
            () -> "flip of bit " + flipped + " at " + offset + " decoded");
      }
    }
  }

  @Test
  void shouldReportAHeaderCutShort() {
    var header = encoded().limit(SegmentHeader.FIXED_LENGTH - 1);

    var e = assertThrows(CorruptLogException.class, () -> SegmentHeader.decode(FILE, header));

    assertTrue(e.getMessage().contains("cut short"), e.getMessage());
  }

  @Test
  void shouldReportAnImpossibleHeaderLength() {
    var header = encoded();
    header.putShort(SegmentHeader.OFFSET_HEADER_LENGTH, (short) 9000);

    var e =
        assertThrows(
            CorruptLogException.class, () -> SegmentHeader.decode(FILE, withValidCrc(header)));

    assertEquals(SegmentHeader.OFFSET_HEADER_LENGTH, e.offset());
    assertTrue(e.getMessage().contains("9000"), e.getMessage());
  }
}
