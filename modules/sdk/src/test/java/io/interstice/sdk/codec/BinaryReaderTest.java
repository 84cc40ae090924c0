package io.interstice.sdk.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class BinaryReaderTest {
  private static final HexFormat HEX = HexFormat.of();

  private static int varint(String hex) {
    return new BinaryReader(HEX.parseHex(hex)).varint();
  }

  @Test
  void shouldWriteAndReadVarintsAtEveryWidth() {
    for (int value :
        new int[] {0, 1, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152, Integer.MAX_VALUE}) {
      var bytes = new BinaryWriter().varint(value).toByteArray();
      var reader = new BinaryReader(bytes);
      assertEquals(value, reader.varint());
      assertEquals(0, reader.remaining());
    }
    assertEquals("e58e26", HEX.formatHex(new BinaryWriter().varint(624_485).toByteArray()));
    assertEquals(624_485, varint("e58e26"));
  }

  @Test
  void shouldRefuseNonMinimalVarints() {
    var error = assertThrows(BinaryFormatException.class, () -> varint("8000"));
    assertEquals("at offset 0: non-minimal varint (trailing zero byte)", error.getMessage());
  }

  @Test
  void shouldRefuseVarintsAboveTheLimit() {
    assertThrows(BinaryFormatException.class, () -> varint("ffffffff08"));
    assertThrows(BinaryFormatException.class, () -> varint("ffffffff8f01"));
  }

  @Test
  void shouldRefuseAVarintCutShort() {
    var error = assertThrows(BinaryFormatException.class, () -> varint("8080"));
    assertEquals("at offset 0: varint cut short by the end of input", error.getMessage());
  }

  @Test
  void shouldRefuseNegativeVarintsOnWrite() {
    assertThrows(BinaryFormatException.class, () -> new BinaryWriter().varint(-1));
  }

  @Test
  void shouldCountOffsetsFromTheStartOfTheRegion() {
    var reader = new BinaryReader(HEX.parseHex("ffff0102"), 2, 2);
    assertEquals(1, reader.u8());
    assertEquals(1, reader.position());
    var error = assertThrows(BinaryFormatException.class, reader::i32);
    assertEquals("at offset 1: needs 4 bytes for an i32, 1 left", error.getMessage());
  }

  @Test
  void shouldGrowTheWriterBeyondItsInitialCapacity() {
    var writer = new BinaryWriter(1);
    for (int i = 0; i < 1000; i++) {
      writer.i64(i);
    }
    assertEquals(8000, writer.toByteArray().length);
  }
}
