package io.interstice.sdk.codec;

import io.interstice.sdk.value.Bytes;
import io.interstice.sdk.value.Utf8;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Appends the primitives of the canonical binary encoding (see {@link RowCodec}) to a growing byte
 * array: little-endian fixed-width numbers, unsigned LEB128 varints, length-prefixed UTF-8 strings
 * and byte strings. Not thread-safe: one writer per encoding.
 */
public final class BinaryWriter {
  private static final VarHandle INT_LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private byte[] buffer;
  private int size;

  public BinaryWriter() {
    this(64);
  }

  public BinaryWriter(int initialCapacity) {
    this.buffer = new byte[Math.max(16, initialCapacity)];
  }

  /** Bytes written so far. */
  public int position() {
    return size;
  }

  /** One byte, the low 8 bits of {@code value}. */
  public BinaryWriter u8(int value) {
    ensure(1);
    buffer[size++] = (byte) value;
    return this;
  }

  public BinaryWriter i32(int value) {
    ensure(4);
    INT_LE.set(buffer, size, value);
    size += 4;
    return this;
  }

  public BinaryWriter i64(long value) {
    ensure(8);
    LONG_LE.set(buffer, size, value);
    size += 8;
    return this;
  }

  /** IEEE 754 bits, little-endian; every NaN is written as the canonical {@code 0x7fc00000}. */
  public BinaryWriter f32(float value) {
    return i32(Float.floatToIntBits(value));
  }

  /** IEEE 754 bits, little-endian; every NaN is written as the canonical {@code 0x7ff8…0}. */
  public BinaryWriter f64(double value) {
    return i64(Double.doubleToLongBits(value));
  }

  /** An unsigned LEB128 varint of a non-negative {@code value} (1 to 5 bytes). */
  public BinaryWriter varint(int value) {
    if (value < 0) {
      throw new BinaryFormatException(size, "cannot write negative varint " + value);
    }
    ensure(5);
    while ((value & ~0x7F) != 0) {
      buffer[size++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    buffer[size++] = (byte) value;
    return this;
  }

  /** Varint length, then the bytes. */
  public BinaryWriter bytes(byte[] value) {
    varint(value.length);
    ensure(value.length);
    System.arraycopy(value, 0, buffer, size, value.length);
    size += value.length;
    return this;
  }

  /** Varint length, then the bytes. */
  public BinaryWriter bytes(Bytes value) {
    varint(value.length());
    ensure(value.length());
    value.copyTo(buffer, size);
    size += value.length();
    return this;
  }

  /**
   * Varint byte length, then UTF-8.
   *
   * @throws BinaryFormatException when the string holds an unpaired surrogate (no UTF-8 form)
   */
  public BinaryWriter string(String value) {
    int length = Utf8.encodedLength(value);
    if (length < 0) {
      throw new BinaryFormatException(
          size, "string has an unpaired surrogate at index " + Utf8.firstUnpairedSurrogate(value));
    }
    varint(length);
    ensure(length);
    size = Utf8.encode(value, buffer, size);
    return this;
  }

  /** The bytes written, as a new array. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buffer, size);
  }

  private void ensure(int more) {
    if (size + more > buffer.length) {
      long wanted = Math.max((long) buffer.length * 2, (long) size + more);
      if (wanted > Integer.MAX_VALUE - 8) {
        throw new BinaryFormatException(size, "encoding exceeds 2 GiB");
      }
      buffer = Arrays.copyOf(buffer, (int) wanted);
    }
  }
}
