package io.interstice.sdk.codec;

import io.interstice.sdk.schema.TableSchema;
import io.interstice.sdk.value.Type;
import io.interstice.sdk.value.ValuePath;
import io.interstice.sdk.value.ValueTypeException;
import java.util.List;

/**
 * The one canonical, schema-driven binary encoding of rows and argument lists, used in the log, in
 * the WASM ABI and as the source of JSON. The bytes carry no type information: the reader must know
 * the types (a table's columns or a reducer's parameters). Equal values always encode to equal
 * bytes. A row, or a value list, is its values one after the other, in order, with no header and no
 * padding:
 *
 * <pre>
 * type          bytes
 * bool          1: 0x00 false, 0x01 true (anything else is refused)
 * i32           4: two's complement, little-endian
 * i64           8: two's complement, little-endian
 * f32           4: IEEE 754 binary32 bits, little-endian; NaN written as 0x7fc00000
 * f64           8: IEEE 754 binary64 bits, little-endian; NaN written as 0x7ff8000000000000
 * string        varint n, then n bytes of UTF-8 (well-formed; no unpaired surrogates)
 * bytes         varint n, then n bytes
 * option&lt;T&gt;     1 tag: 0x00 none (nothing follows) | 0x01 some, then T
 * list&lt;T&gt;       varint count, then count values of T
 * struct{..}    the fields' values in field order, no header
 * enum{..}      varint variant index (0-based, below the variant count)
 *
 * varint        unsigned LEB128: 7 bits per byte, least significant group first, high bit set
 *               on every byte but the last; 1 to 5 bytes, value at most 2^31-1, shortest form
 *               only (a last byte of 0x00 after the first is refused)
 * </pre>
 *
 * Example: a row {@code (id i64 = 1, owner string = "al", balance option<i64> = none)} is {@code 01
 * 00 00 00 00 00 00 00 | 02 61 6c | 00}. The same table, with more examples, is in {@code
 * docs/row-encoding.md}.
 *
 * <p>Decoding refuses bytes left after the last value, counts or lengths larger than the bytes left
 * (every encoded value takes at least one byte, since structs have at least one field), malformed
 * UTF-8 and out-of-range tags and indexes. Encoding checks each value against its type. Errors are
 * {@link RowEncodingException}s naming the offset and the column. Stateless and thread-safe.
 */
public final class RowCodec {
  private RowCodec() {}

  /**
   * Encodes a row of {@code table}.
   *
   * @throws RowEncodingException when the row has the wrong number of values or a value does not
   *     match its column's type
   */
  public static byte[] encodeRow(TableSchema table, Object[] row) {
    var columns = table.columns();
    if (row.length != columns.size()) {
      throw new RowEncodingException(
          "encode row of table " + table.name(),
          0,
          "",
          "expected " + columns.size() + " columns, found " + row.length + " values");
    }
    var out = new BinaryWriter(16 + 8 * row.length);
    for (int i = 0; i < row.length; i++) {
      int at = out.position();
      try {
        ValueEncoder.write(out, columns.get(i).type(), row[i]);
      } catch (ValueTypeException | BinaryFormatException e) {
        // Labels are built only on failure: rows are encoded on every table write.
        throw failure(
            e, at, "encode row of table " + table.name(), "column " + columns.get(i).name());
      }
    }
    return out.toByteArray();
  }

  /**
   * Decodes a row of {@code table} that fills all of {@code bytes}.
   *
   * @throws RowEncodingException when the bytes are not a valid encoding of such a row
   */
  public static Object[] decodeRow(TableSchema table, byte[] bytes) {
    return decodeRow(table, bytes, 0, bytes.length);
  }

  /** Decodes a row of {@code table} from exactly {@code length} bytes at {@code offset}. */
  public static Object[] decodeRow(TableSchema table, byte[] bytes, int offset, int length) {
    var in = new BinaryReader(bytes, offset, length);
    var columns = table.columns();
    var row = new Object[columns.size()];
    for (int i = 0; i < row.length; i++) {
      try {
        row[i] = ValueDecoder.read(in, columns.get(i).type());
      } catch (BinaryFormatException e) {
        // Labels are built only on failure: rows are decoded on every table read.
        throw failure(
            e, 0, "decode row of table " + table.name(), "column " + columns.get(i).name());
      }
    }
    if (in.remaining() != 0) {
      requireEnd(in, "decode row of table " + table.name(), "the last column");
    }
    return row;
  }

  /**
   * Encodes a list of values (reducer or query arguments) of the given types.
   *
   * @throws RowEncodingException when the count differs or a value does not match its type
   */
  public static byte[] encodeValues(List<Type> types, Object[] values) {
    var action = "encode value list";
    if (values.length != types.size()) {
      throw new RowEncodingException(
          action, 0, "", "expected " + types.size() + " values, found " + values.length);
    }
    var out = new BinaryWriter(16 + 8 * values.length);
    for (int i = 0; i < values.length; i++) {
      int at = out.position();
      try {
        ValueEncoder.write(out, types.get(i), values[i]);
      } catch (ValueTypeException | BinaryFormatException e) {
        throw failure(e, at, action, "value [" + i + "]");
      }
    }
    return out.toByteArray();
  }

  /**
   * Decodes a list of values of the given types that fills all of {@code bytes}.
   *
   * @throws RowEncodingException when the bytes are not a valid encoding of such values
   */
  public static Object[] decodeValues(List<Type> types, byte[] bytes) {
    return decodeValues(types, bytes, 0, bytes.length);
  }

  /** Decodes a list of values from exactly {@code length} bytes at {@code offset}. */
  public static Object[] decodeValues(List<Type> types, byte[] bytes, int offset, int length) {
    var action = "decode value list";
    var in = new BinaryReader(bytes, offset, length);
    var values = new Object[types.size()];
    for (int i = 0; i < values.length; i++) {
      try {
        values[i] = ValueDecoder.read(in, types.get(i));
      } catch (BinaryFormatException e) {
        throw failure(e, 0, action, "value [" + i + "]");
      }
    }
    requireEnd(in, action, "the last value");
    return values;
  }

  /** Encodes a single value (an index key, a default value). */
  public static byte[] encodeValue(Type type, Object value) {
    var out = new BinaryWriter();
    writeValue(out, type, value);
    return out.toByteArray();
  }

  /** Decodes a single value that fills all of {@code bytes}. */
  public static Object decodeValue(Type type, byte[] bytes) {
    var in = new BinaryReader(bytes);
    var value = readValue(in, type);
    requireEnd(in, "decode value", "the value");
    return value;
  }

  /** Appends one value to {@code out}; for formats that embed values (schemas, events). */
  public static void writeValue(BinaryWriter out, Type type, Object value) {
    int at = out.position();
    try {
      ValueEncoder.write(out, type, value);
    } catch (ValueTypeException | BinaryFormatException e) {
      // Labels are built only on failure: lookups encode a key on every call.
      throw failure(e, at, "encode value of " + type, "");
    }
  }

  /** Reads one value from {@code in}; for formats that embed values (schemas, events). */
  public static Object readValue(BinaryReader in, Type type) {
    try {
      return ValueDecoder.read(in, type);
    } catch (BinaryFormatException e) {
      throw failure(e, 0, "decode value of " + type, "");
    }
  }

  /**
   * The error of a value that could not be encoded or decoded; {@code at} is where the value
   * starts, the offset of a type mismatch (a format error carries its own offset).
   */
  private static RowEncodingException failure(
      RuntimeException e, int at, String action, String label) {
    if (e instanceof ValueTypeException mismatch) {
      return new RowEncodingException(
          action,
          at,
          ValuePath.join(label, mismatch.path()),
          "expected " + mismatch.expected() + ", found " + mismatch.found());
    }
    var format = (BinaryFormatException) e;
    return new RowEncodingException(
        action, format.offset(), ValuePath.join(label, format.path()), format.reason());
  }

  private static void requireEnd(BinaryReader in, String action, String after) {
    if (in.remaining() != 0) {
      throw new RowEncodingException(
          action, in.position(), "", in.remaining() + " trailing bytes after " + after);
    }
  }
}
