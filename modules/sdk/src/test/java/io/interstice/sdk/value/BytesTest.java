package io.interstice.sdk.value;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BytesTest {

  @Test
  void shouldCopyOnTheWayInAndOut() {
    var source = new byte[] {1, 2, 3};
    var bytes = Bytes.of(source);
    source[0] = 9;
    assertEquals(1, bytes.get(0));
    bytes.toArray()[1] = 9;
    assertEquals(2, bytes.get(1));
  }

  @Test
  void shouldBeEqualByContent() {
    assertEquals(Bytes.of(new byte[] {1, 2}), Bytes.of(new byte[] {0, 1, 2, 3}, 1, 2));
    assertEquals(Bytes.of(new byte[] {1, 2}).hashCode(), Bytes.of(new byte[] {1, 2}).hashCode());
    assertNotEquals(Bytes.of(new byte[] {1}), Bytes.of(new byte[] {1, 0}));
    assertEquals(Bytes.empty(), Bytes.of(new byte[0]));
  }

  @Test
  void shouldOrderByUnsignedBytesShorterPrefixFirst() {
    assertTrue(Bytes.of(new byte[] {0x7F}).compareTo(Bytes.of(new byte[] {(byte) 0x80})) < 0);
    assertTrue(Bytes.of(new byte[] {1}).compareTo(Bytes.of(new byte[] {1, 0})) < 0);
    assertTrue(Bytes.empty().compareTo(Bytes.of(new byte[] {0})) < 0);
    assertEquals(0, Bytes.of(new byte[] {5}).compareTo(Bytes.of(new byte[] {5})));
  }

  @Test
  void shouldShowHexAndConvertBase64() {
    assertEquals("0x00ff10", Bytes.of(new byte[] {0, (byte) 0xFF, 0x10}).toString());
    assertTrue(Bytes.of(new byte[40]).toString().endsWith("… (40 bytes)"));
    var bytes = Bytes.of(new byte[] {(byte) 0xFB, (byte) 0xFF});
    assertEquals("+/8=", bytes.toBase64());
    assertArrayEquals(bytes.toArray(), Bytes.fromBase64("+/8=").toArray());
  }
}
