package io.interstice.runtime.table;

import io.interstice.sdk.codec.BinaryReader;
import io.interstice.sdk.codec.RowCodec;
import io.interstice.sdk.value.ListType;
import io.interstice.sdk.value.OptionType;
import io.interstice.sdk.value.StructType;
import io.interstice.sdk.value.Type;
import io.interstice.sdk.value.Values;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Reads values of the canonical row encoding ({@link RowCodec}) in place, without decoding them:
 * where a value ends, and how two encoded values order. The bytes are trusted: they are rows the
 * table encoded itself, or keys it encoded for a lookup, so nothing is validated again.
 *
 * <p>The order is exactly {@link Values#compare} on the decoded values: integers and floats are
 * read from their little-endian bytes and compared as numbers ({@code -0.0} before {@code 0.0}, the
 * one canonical NaN last); strings and byte strings compare their bytes unsigned and
 * lexicographically, which for UTF-8 is code point order; an option's tag puts none first; an
 * enum's variant index orders it. Lists and structs, rare in keys, are decoded and compared by
 * {@link Values#compare}. Since the encoding is canonical, two values are equal exactly when their
 * bytes are, which is what hash indexes rely on. Stateless and thread-safe.
 */
final class EncodedValues {
  private static final VarHandle INT_LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private EncodedValues() {}

  /** The width of every value of {@code type}, or -1 when values of it vary in length. */
  static int fixedWidth(Type type) {
    switch (type.kind()) {
      case BOOL:
        return 1;
      case I32:
      case F32:
        return 4;
      case I64:
      case F64:
        return 8;
      case STRUCT:
        int width = 0;
        for (var field : ((StructType) type).fields()) {
          int fieldWidth = fixedWidth(field.type());
          if (fieldWidth < 0) {
            return -1;
          }
          width += fieldWidth;
        }
        return width;
      default:
        return -1;
    }
  }

  /** The offset just after the value of {@code type} that starts at {@code at}. */
  static int end(Type type, byte[] bytes, int at) {
    switch (type.kind()) {
      case BOOL:
        return at + 1;
      case I32:
      case F32:
        return at + 4;
      case I64:
      case F64:
        return at + 8;
      case STRING:
      case BYTES:
        return varintEnd(bytes, at) + varint(bytes, at);
      case ENUM:
        return varintEnd(bytes, at);
      case OPTION:
        return bytes[at] == 0 ? at + 1 : end(((OptionType) type).inner(), bytes, at + 1);
      case STRUCT:
        int next = at;
        for (var field : ((StructType) type).fields()) {
          next = end(field.type(), bytes, next);
        }
        return next;
      case LIST:
        int count = varint(bytes, at);
        var element = ((ListType) type).element();
        int position = varintEnd(bytes, at);
        for (int i = 0; i < count; i++) {
          position = end(element, bytes, position);
        }
        return position;
      default:
        throw new IllegalStateException("unknown kind " + type.kind());
    }
  }

  /**
   * Compares the value of {@code type} at {@code aAt} in {@code a} with the one at {@code bAt} in
   * {@code b}, in {@link Values#compare} order.
   */
  static int compare(Type type, byte[] a, int aAt, byte[] b, int bAt) {
    switch (type.kind()) {
      case BOOL:
        return Integer.compare(a[aAt], b[bAt]);
      case I32:
        return Integer.compare((int) INT_LE.get(a, aAt), (int) INT_LE.get(b, bAt));
      case I64:
        return Long.compare((long) LONG_LE.get(a, aAt), (long) LONG_LE.get(b, bAt));
      case F32:
        return Float.compare(
            Float.intBitsToFloat((int) INT_LE.get(a, aAt)),
            Float.intBitsToFloat((int) INT_LE.get(b, bAt)));
      case F64:
        return Double.compare(
            Double.longBitsToDouble((long) LONG_LE.get(a, aAt)),
            Double.longBitsToDouble((long) LONG_LE.get(b, bAt)));
      case STRING:
      case BYTES:
        int aStart = varintEnd(a, aAt);
        int bStart = varintEnd(b, bAt);
        return Arrays.compareUnsigned(
            a, aStart, aStart + varint(a, aAt), b, bStart, bStart + varint(b, bAt));
      case ENUM:
        return Integer.compare(varint(a, aAt), varint(b, bAt));
      case OPTION:
        if (a[aAt] == 0 || b[bAt] == 0) {
          return Integer.compare(a[aAt], b[bAt]);
        }
        return compare(((OptionType) type).inner(), a, aAt + 1, b, bAt + 1);
      default:
        return Values.compare(type, decode(type, a, aAt), decode(type, b, bAt));
    }
  }

  /** Whether {@code length} bytes at {@code aAt} in {@code a} equal those at {@code bAt} in b. */
  static boolean equalBytes(byte[] a, int aAt, byte[] b, int bAt, int length) {
    return Arrays.equals(a, aAt, aAt + length, b, bAt, bAt + length);
  }

  /** Mixes {@code length} bytes at {@code at} into {@code hash}. */
  static int hash(int hash, byte[] bytes, int at, int length) {
    int h = hash;
    for (int i = at; i < at + length; i++) {
      h = 31 * h + bytes[i];
    }
    return h;
  }

  /** Spreads the bits of a hash over its low bits, where open addressing takes its slot. */
  static int spread(int hash) {
    int h = hash * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  /** The little-endian i32 at {@code at}. */
  static int i32(byte[] bytes, int at) {
    return (int) INT_LE.get(bytes, at);
  }

  /** The little-endian i64 at {@code at}. */
  static long i64(byte[] bytes, int at) {
    return (long) LONG_LE.get(bytes, at);
  }

  static Object decode(Type type, byte[] bytes, int at) {
    return RowCodec.readValue(new BinaryReader(bytes, at, bytes.length - at), type);
  }

  /** A varint of the encoding (trusted: at most five bytes, at most 2^31-1). */
  static int varint(byte[] bytes, int at) {
    int value = 0;
    for (int shift = 0; ; shift += 7) {
      int b = bytes[at++];
      value |= (b & 0x7F) << shift;
      if (b >= 0) {
        return value;
      }
    }
  }

  /** The offset just after the varint at {@code at}. */
  static int varintEnd(byte[] bytes, int at) {
    int next = at;
    while (bytes[next] < 0) {
      next++;
    }
    return next + 1;
  }
}
