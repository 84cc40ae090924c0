package io.interstice.sdk.codec;

import io.interstice.sdk.value.Bytes;
import io.interstice.sdk.value.Utf8;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.util.Objects;

/**
 * Reads the primitives of the canonical binary encoding (see {@link RowCodec}) from a byte array,
 * refusing anything that is not canonical: reads past the end, varints that are non-minimal or
 * above 2<sup>31</sup>-1, lengths past the end, malformed UTF-8. Offsets in errors are relative to
 * the start of the region read. Not thread-safe: one reader per decoding.
 */
public final class BinaryReader {
  private static final VarHandle INT_LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int MAX_VARINT_BYTES = 5;

  private final byte[] bytes;
  private final int start;
  private final int end;
  private int at;

  public BinaryReader(byte[] bytes) {
    this(bytes, 0, bytes.length);
  }

  public BinaryReader(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    this.bytes = bytes;
    this.start = offset;
    this.end = offset + length;
    this.at = offset;
  }

  /** Bytes read so far. */
  public int position() {
    return at - start;
  }

  public int remaining() {
    return end - at;
  }

  public int u8() {
    need(1, "a byte");
    return bytes[at++] & 0xFF;
  }

  public int i32() {
    need(4, "an i32");
    int value = (int) INT_LE.get(bytes, at);
    at += 4;
    return value;
  }

  public long i64() {
    need(8, "an i64");
    long value = (long) LONG_LE.get(bytes, at);
    at += 8;
    return value;
  }

  /** An f32; every NaN reads as the one canonical NaN, as the writer writes it. */
  public float f32() {
    float value = Float.intBitsToFloat(i32());
    return Float.isNaN(value) ? Float.NaN : value;
  }

  /** An f64; every NaN reads as the one canonical NaN, as the writer writes it. */
  public double f64() {
    double value = Double.longBitsToDouble(i64());
    return Double.isNaN(value) ? Double.NaN : value;
  }

  /** An unsigned LEB128 varint in [0, 2<sup>31</sup>-1], in its shortest form. */
  public int varint() {
    int begin = position();
    int value = 0;
    for (int i = 0; i < MAX_VARINT_BYTES; i++) {
      if (at >= end) {
        throw new BinaryFormatException(begin, "varint cut short by the end of input");
      }
      int b = bytes[at++] & 0xFF;
      if (i == MAX_VARINT_BYTES - 1 && b > 0x07) {
        throw new BinaryFormatException(begin, "varint exceeds 2^31-1");
      }
      value |= (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw new BinaryFormatException(begin, "non-minimal varint (trailing zero byte)");
        }
        return value;
      }
    }
    throw new BinaryFormatException(begin, "varint exceeds 2^31-1");
  }

  /**
   * A varint count of items that each take at least one byte: refused when more than the bytes
   * left, so damaged input cannot make a decoder allocate huge arrays.
   */
  public int count(String what) {
    int begin = position();
    int count = varint();
    if (count > remaining()) {
      throw new BinaryFormatException(
          begin, what + " " + count + " exceeds the " + remaining() + " bytes left");
    }
    return count;
  }

  /** Varint length, then that many bytes. */
  public Bytes bytes() {
    int length = count("byte length");
    var value = Bytes.of(bytes, at, length);
    at += length;
    return value;
  }

  /** Varint byte length, then that many bytes of well-formed UTF-8. */
  public String string() {
    int begin = position();
    int length = count("string byte length");
    try {
      var value = Utf8.decode(bytes, at, length);
      at += length;
      return value;
    } catch (CharacterCodingException e) {
      throw new BinaryFormatException(begin, "string is not valid UTF-8");
    }
  }

  /** Refuses bytes left over after the last item. */
  public void requireEnd(String after) {
    if (at != end) {
      throw new BinaryFormatException(position(), remaining() + " trailing bytes after " + after);
    }
  }

  private void need(int count, String what) {
    if (end - at < count) {
      throw new BinaryFormatException(
          position(), "needs " + count + " bytes for " + what + ", " + (end - at) + " left");
    }
  }
}
