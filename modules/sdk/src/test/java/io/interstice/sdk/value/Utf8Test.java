package io.interstice.sdk.value;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {

  @Test
  void shouldEncodeLikeTheJdkForWellFormedText() {
    for (var text : new String[] {"", "abc", "é", "€", "😀", "a€😀é"}) {
      var expected = text.getBytes(StandardCharsets.UTF_8);
      assertEquals(expected.length, Utf8.encodedLength(text), text);
      var actual = new byte[expected.length];
      assertEquals(expected.length, Utf8.encode(text, actual, 0));
      assertArrayEquals(expected, actual, text);
    }
  }

  @Test
  void shouldReportUnpairedSurrogates() {
    assertEquals(-1, Utf8.encodedLength("a\uDC00"));
    assertEquals(-1, Utf8.encodedLength("\uD800"));
    assertEquals(1, Utf8.firstUnpairedSurrogate("a\uD800b"));
    assertEquals(-1, Utf8.firstUnpairedSurrogate("a😀"));
  }

  @Test
  void shouldRefuseMalformedUtf8() throws CharacterCodingException {
    assertEquals("é", Utf8.decode(new byte[] {(byte) 0xC3, (byte) 0xA9}, 0, 2));
    assertThrows(CharacterCodingException.class, () -> Utf8.decode(new byte[] {(byte) 0xC3}, 0, 1));
    // overlong encoding of '/'
    assertThrows(
        CharacterCodingException.class,
        () -> Utf8.decode(new byte[] {(byte) 0xC0, (byte) 0xAF}, 0, 2));
    // an encoded surrogate (CESU-8)
    assertThrows(
        CharacterCodingException.class,
        () -> Utf8.decode(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, 0, 3));
  }
}
