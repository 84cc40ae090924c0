package io.interstice.sdk.value;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 for {@code string} values. Java strings may hold unpaired surrogates, which have no
 * UTF-8 form; {@link String#getBytes} would silently replace them with {@code ?}, so values with
 * them are refused instead, and decoding refuses malformed UTF-8 (overlong forms, encoded
 * surrogates, truncated sequences) rather than inventing replacement characters. Stateless and
 * thread-safe.
 */
public final class Utf8 {
  private Utf8() {}

  /** The index of the first unpaired surrogate in {@code text}, or -1 if it is well-formed. */
  public static int firstUnpairedSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      } else if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The number of bytes of the UTF-8 form of {@code text}, or -1 if it holds an unpaired surrogate
   * (and so has no UTF-8 form).
   */
  public static int encodedLength(String text) {
    int length = text.length();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        continue;
      }
      if (c < 0x800) {
        length += 1;
      } else if (Character.isHighSurrogate(c)) {
        if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return -1;
        }
        // 4 bytes for the pair, whose 2 chars are counted already
        length += 2;
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return -1;
      } else {
        length += 2;
      }
    }
    return length;
  }

  /**
   * Writes the UTF-8 form of {@code text} into {@code target} at {@code offset} and returns the
   * offset after it. The caller checked the text and sized the target with {@link #encodedLength}.
   */
  public static int encode(String text, byte[] target, int offset) {
    int at = offset;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        target[at++] = (byte) c;
      } else if (c < 0x800) {
        target[at++] = (byte) (0xC0 | (c >> 6));
        target[at++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)) {
        int cp = Character.toCodePoint(c, text.charAt(++i));
        target[at++] = (byte) (0xF0 | (cp >> 18));
        target[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        target[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        target[at++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        target[at++] = (byte) (0xE0 | (c >> 12));
        target[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        target[at++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    return at;
  }

  /**
   * Decodes {@code length} bytes of UTF-8 at {@code offset}.
   *
   * @throws CharacterCodingException when the bytes are not well-formed UTF-8
   */
  public static String decode(byte[] source, int offset, int length)
      throws CharacterCodingException {
    boolean ascii = true;
    for (int i = offset; i < offset + length; i++) {
      if (source[i] < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return new String(source, offset, length, StandardCharsets.ISO_8859_1);
    }
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(source, offset, length))
        .toString();
  }
}
