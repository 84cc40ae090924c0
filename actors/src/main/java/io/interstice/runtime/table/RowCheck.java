package io.interstice.runtime.table;

import io.interstice.sdk.value.EnumType;
import io.interstice.sdk.value.OptionType;
import io.interstice.sdk.value.Type;

/**
 * Walks one value of the canonical row encoding without decoding it, checking what the decoder
 * would: bounds, bool and option tags, minimal varints, enum variant indexes, the one canonical NaN
 * and, for strings, plain ASCII. Anything else (non-ASCII strings, lists, structs) is left to the
 * decoder: the walk then answers {@link #UNSURE}. Stateless and thread-safe.
 */
final class RowCheck {
  /** The value is malformed, or of a kind this walk does not check. */
  static final int UNSURE = -1;

  private static final int CANONICAL_NAN_F32 = Float.floatToIntBits(Float.NaN);
  private static final long CANONICAL_NAN_F64 = Double.doubleToLongBits(Double.NaN);

  private RowCheck() {}

  /** The offset after the well-formed value of {@code type} at {@code at}, or {@link #UNSURE}. */
  static int end(Type type, byte[] bytes, int at) {
    switch (type.kind()) {
      case BOOL:
        return at < bytes.length && (bytes[at] & 0xFF) <= 1 ? at + 1 : UNSURE;
      case I32:
        return at + 4 <= bytes.length ? at + 4 : UNSURE;
      case I64:
        return at + 8 <= bytes.length ? at + 8 : UNSURE;
      case F32:
        if (at + 4 > bytes.length) {
          return UNSURE;
        }
        int f = EncodedValues.i32(bytes, at);
        boolean nan32 = (f & 0x7F800000) == 0x7F800000 && (f & 0x007FFFFF) != 0;
        return nan32 && f != CANONICAL_NAN_F32 ? UNSURE : at + 4;
      case F64:
        if (at + 8 > bytes.length) {
          return UNSURE;
        }
        long d = EncodedValues.i64(bytes, at);
        boolean nan64 =
            (d & 0x7FF0000000000000L) == 0x7FF0000000000000L && (d & 0x000FFFFFFFFFFFFFL) != 0;
        return nan64 && d != CANONICAL_NAN_F64 ? UNSURE : at + 8;
      case STRING:
        return ascii(bytes, at);
      case BYTES:
        return lengthPrefixed(bytes, at);
      case ENUM:
        int variant = varint(bytes, at);
        return variant >= 0 && variant < ((EnumType) type).variants().size()
            ? varintEnd(bytes, at)
            : UNSURE;
      case OPTION:
        if (at >= bytes.length || (bytes[at] & 0xFF) > 1) {
          return UNSURE;
        }
        return bytes[at] == 0 ? at + 1 : end(((OptionType) type).inner(), bytes, at + 1);
      default:
        return UNSURE;
    }
  }

  private static int ascii(byte[] bytes, int at) {
    int end = lengthPrefixed(bytes, at);
    if (end == UNSURE) {
      return UNSURE;
    }
    for (int i = varintEnd(bytes, at); i < end; i++) {
      if (bytes[i] < 0) {
        return UNSURE;
      }
    }
    return end;
  }

  private static int lengthPrefixed(byte[] bytes, int at) {
    int length = varint(bytes, at);
    if (length < 0) {
      return UNSURE;
    }
    int start = varintEnd(bytes, at);
    return length <= bytes.length - start ? start + length : UNSURE;
  }

  /** The minimal varint at {@code at}, at most 2^31-1, or -1 when there is none. */
  private static int varint(byte[] bytes, int at) {
    int value = 0;
    for (int i = 0; i < 5; i++) {
      if (at + i >= bytes.length) {
        return -1;
      }
      int b = bytes[at + i] & 0xFF;
      if (i == 4 && b > 0x07) {
        return -1;
      }
      value |= (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        return b == 0 && i > 0 ? -1 : value;
      }
    }
    return -1;
  }

  /** The offset after a varint that {@link #varint} accepted. */
  private static int varintEnd(byte[] bytes, int at) {
    return EncodedValues.varintEnd(bytes, at);
  }
}
