package io.interstice.runtime.cluster;

import io.interstice.sdk.codec.BinaryFormatException;
import io.interstice.sdk.codec.BinaryReader;
import io.interstice.sdk.codec.BinaryWriter;
import io.interstice.sdk.value.Bytes;
import io.interstice.sdk.value.EnumValue;
import io.interstice.sdk.value.StructValue;
import io.interstice.sdk.value.Utf8;
import io.interstice.sdk.value.Values;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A self-describing encoding of SDK values, for the messages whose values travel without their
 * types: reducer and query arguments given as Java values ({@code Args.Values}) and the rows of
 * live updates. Where a message carries the types (a query's answer, a page of rows) the canonical
 * row encoding is used instead. Built from the row encoding's primitives ({@code
 * docs/row-encoding.md}); each value is a tag byte, then:
 *
 * <pre>
 * tag  value                          followed by
 *   0  null (an empty option)         nothing
 *   1  Boolean false                  nothing
 *   2  Boolean true                   nothing
 *   3  Integer                        i32, 4 bytes little-endian
 *   4  Long                           i64, 8 bytes little-endian
 *   5  Float                          f32 bits, little-endian (NaN as 0x7fc00000)
 *   6  Double                         f64 bits, little-endian (NaN as 0x7ff8000000000000)
 *   7  String                         varint n, n bytes of UTF-8
 *   8  String with an unpaired        varint n, n UTF-16 code units of 2 bytes little-endian
 *      surrogate (no UTF-8 form)      (so the module refuses it as it would on its own node)
 *   9  Bytes                          varint n, n bytes
 *  10  List                           varint n, n tagged values
 *  11  StructValue                    varint n, n tagged values (the fields in order)
 *  12  EnumValue                      varint variant index, string variant name
 * </pre>
 *
 * A row is a varint count, then that many tagged values. Values nest at most {@value #MAX_DEPTH}
 * levels, as types do. Anything that is not an SDK value is refused, by name of its class. Decoded
 * lists and struct fields are unmodifiable, as the row encoding's are. Stateless and thread-safe.
 */
final class TaggedValues {
  static final int MAX_DEPTH = 64;

  static final int NONE = 0;
  static final int FALSE = 1;
  static final int TRUE = 2;
  static final int I32 = 3;
  static final int I64 = 4;
  static final int F32 = 5;
  static final int F64 = 6;
  static final int STRING = 7;
  static final int STRING_UTF16 = 8;
  static final int BYTES = 9;
  static final int LIST = 10;
  static final int STRUCT = 11;
  static final int ENUM = 12;

  private TaggedValues() {}

  /**
   * Where the first value that cannot be sent sits in {@code values} and what it is, as {@code
   * [1][0]: java.util.Date}; null when every value can be sent.
   */
  static String firstUnsendable(List<?> values) {
    return firstUnsendable(values, 0);
  }

  /**
   * Where the first unsendable value sits below a list of elements, as {@code [1][0]: what}, or
   * null. The path is built only once something is found: every call of a node is checked.
   */
  private static String firstUnsendable(List<?> elements, int depth) {
    for (int i = 0; i < elements.size(); i++) {
      var found = unsendable(elements.get(i), depth);
      if (found != null) {
        return "[" + i + "]" + found;
      }
    }
    return null;
  }

  private static String unsendable(Object value, int depth) {
    if (depth > MAX_DEPTH) {
      return ": a value nested deeper than " + MAX_DEPTH + " levels";
    }
    if (value instanceof List<?> list) {
      return firstUnsendable(list, depth + 1);
    } else if (value instanceof StructValue struct) {
      return firstUnsendable(struct.fields(), depth + 1);
    }
    return isScalar(value) ? null : ": " + Values.describe(value);
  }

  private static boolean isScalar(Object value) {
    return value == null
        || value instanceof Boolean
        || value instanceof Integer
        || value instanceof Long
        || value instanceof Float
        || value instanceof Double
        || value instanceof String
        || value instanceof Bytes
        || value instanceof EnumValue;
  }

  static void writeRow(BinaryWriter out, Object[] row) {
    out.varint(row.length);
    for (var value : row) {
      write(out, value, 0);
    }
  }

  static Object[] readRow(BinaryReader in) {
    var row = new Object[in.count("row length")];
    for (int i = 0; i < row.length; i++) {
      row[i] = read(in, 0);
    }
    return row;
  }

  static void writeList(BinaryWriter out, List<?> values) {
    out.varint(values.size());
    for (var value : values) {
      write(out, value, 0);
    }
  }

  static List<Object> readList(BinaryReader in) {
    return readElements(in, 0);
  }

  /**
   * @throws IllegalArgumentException for a value that is not an SDK value, or nested too deep
   */
  static void write(BinaryWriter out, Object value, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("a value nested deeper than " + MAX_DEPTH + " levels");
    }
    if (value == null) {
      out.u8(NONE);
    } else if (value instanceof Boolean bool) {
      out.u8(bool ? TRUE : FALSE);
    } else if (value instanceof Integer i32) {
      out.u8(I32).i32(i32);
    } else if (value instanceof Long i64) {
      out.u8(I64).i64(i64);
    } else if (value instanceof Float f32) {
      out.u8(F32).f32(f32);
    } else if (value instanceof Double f64) {
      out.u8(F64).f64(f64);
    } else if (value instanceof String text) {
      writeString(out, text);
    } else if (value instanceof Bytes bytes) {
      out.u8(BYTES).bytes(bytes);
    } else if (value instanceof List<?> list) {
      out.u8(LIST);
      writeElements(out, list, depth);
    } else if (value instanceof StructValue struct) {
      out.u8(STRUCT);
      writeElements(out, struct.fields(), depth);
    } else if (value instanceof EnumValue variant) {
      out.u8(ENUM).varint(variant.index()).string(variant.name());
    } else {
      throw new IllegalArgumentException(
          Values.describe(value) + " is not a value of the SDK and cannot be sent to another node");
    }
  }

  private static void writeString(BinaryWriter out, String text) {
    if (Utf8.firstUnpairedSurrogate(text) < 0) {
      out.u8(STRING).string(text);
      return;
    }
    out.u8(STRING_UTF16).varint(text.length());
    for (int i = 0; i < text.length(); i++) {
      char unit = text.charAt(i);
      out.u8(unit & 0xFF).u8(unit >>> 8);
    }
  }

  private static void writeElements(BinaryWriter out, List<?> elements, int depth) {
    out.varint(elements.size());
    for (var element : elements) {
      write(out, element, depth + 1);
    }
  }

  static Object read(BinaryReader in, int depth) {
    int at = in.position();
    if (depth > MAX_DEPTH) {
      throw new BinaryFormatException(at, "value nested deeper than " + MAX_DEPTH + " levels");
    }
    int tag = in.u8();
    switch (tag) {
      case NONE:
        return null;
      case FALSE:
        return false;
      case TRUE:
        return true;
      case I32:
        return in.i32();
      case I64:
        return in.i64();
      case F32:
        return in.f32();
      case F64:
        return in.f64();
      case STRING:
        return in.string();
      case STRING_UTF16:
        return readUtf16(in);
      case BYTES:
        return in.bytes();
      case LIST:
        return readElements(in, depth + 1);
      case STRUCT:
        return new StructValue(readElements(in, depth + 1));
      case ENUM:
        int index = in.varint();
        return new EnumValue(index, in.string());
      default:
        throw new BinaryFormatException(at, "unknown value tag " + tag);
    }
  }

  private static String readUtf16(BinaryReader in) {
    int length = in.count("string length");
    var text = new char[length];
    for (int i = 0; i < length; i++) {
      text[i] = (char) (in.u8() | in.u8() << 8);
    }
    return new String(text);
  }

  private static List<Object> readElements(BinaryReader in, int depth) {
    // every tagged value takes at least one byte, so count() bounds the allocation
    int count = in.count("element count");
    var elements = new ArrayList<Object>(count);
    for (int i = 0; i < count; i++) {
      elements.add(read(in, depth));
    }
    return Collections.unmodifiableList(elements);
  }
}
