package io.interstice.runtime.table;

import io.interstice.sdk.codec.RowCodec;
import io.interstice.sdk.codec.RowEncodingException;
import io.interstice.sdk.schema.TableSchema;
import io.interstice.sdk.value.Type;
import java.util.Arrays;

/**
 * Where the columns of a table's encoded rows lie, and the conversion between a row as callers see
 * it (an {@code Object[]} of column values) and as the table stores it (one {@code byte[]} in the
 * canonical encoding of {@link RowCodec}). A column that only fixed-width columns precede (an
 * {@code i64} primary key first, a string after it) starts at the same offset in every row, found
 * without reading the row; any later column is found by skipping the values before it. Immutable
 * and thread-safe.
 */
final class RowFormat {
  private final TableSchema schema;
  private final Type[] types;

  /** The offset of each column in every row, or -1 where a variable-width column precedes it. */
  private final int[] fixedOffsets;

  private RowFormat(TableSchema schema) {
    this.schema = schema;
    int n = schema.columns().size();
    this.types = new Type[n];
    this.fixedOffsets = new int[n];
    int offset = 0;
    for (int i = 0; i < n; i++) {
      types[i] = schema.columns().get(i).type();
      fixedOffsets[i] = offset;
      int width = EncodedValues.fixedWidth(types[i]);
      offset = offset < 0 || width < 0 ? -1 : offset + width;
    }
  }

  static RowFormat of(TableSchema schema) {
    return new RowFormat(schema);
  }

  Type type(int column) {
    return types[column];
  }

  /** The offset at which {@code column} starts in the encoded {@code row}. */
  int offset(byte[] row, int column) {
    int fixed = fixedOffsets[column];
    if (fixed >= 0) {
      return fixed;
    }
    int known = column;
    while (fixedOffsets[known] < 0) {
      known--;
    }
    int at = fixedOffsets[known];
    for (int i = known; i < column; i++) {
      at = EncodedValues.end(types[i], row, at);
    }
    return at;
  }

  /** The offset just after {@code column} in the encoded {@code row}. */
  int end(byte[] row, int column) {
    return EncodedValues.end(types[column], row, offset(row, column));
  }

  /**
   * The stored form of a row.
   *
   * @throws TableException when a value does not fit its column's type
   */
  byte[] encode(Object[] row) {
    try {
      return RowCodec.encodeRow(schema, row);
    } catch (RowEncodingException e) {
      // The message names the table, the column and what was found.
      throw new TableException(e.getMessage(), e);
    }
  }

  /**
   * Checks that {@code row} is exactly one row of this table in the canonical encoding, as rows
   * read from the log are before the table stores them without decoding. Rows of fixed-width
   * columns, ASCII strings, byte strings, enums and options are checked in place; any other value
   * makes the check decode the row and compare its canonical encoding with the bytes.
   *
   * @throws TableException naming the table, the column and the fault when it is not
   */
  void check(byte[] row) {
    int at = 0;
    for (int i = 0; i < types.length && at >= 0; i++) {
      at = RowCheck.end(types[i], row, at);
    }
    if (at == row.length) {
      return;
    }
    Object[] decoded;
    try {
      decoded = RowCodec.decodeRow(schema, row);
    } catch (RowEncodingException e) {
      throw new TableException(e.getMessage(), e);
    }
    // The walk stopped short: the decoder is the authority on what is wrong, or the value is of
    // a kind the walk leaves to it.
    if (!Arrays.equals(encode(decoded), row)) {
      throw new TableException(
          schema.name() + ": the row " + ValueText.row(decoded) + " is not in canonical encoding");
    }
  }

  /** The row a stored form holds: a new array of immutable values. */
  Object[] decode(byte[] row) {
    return RowCodec.decodeRow(schema, row);
  }

  /**
   * The encoding of one value of {@code column}'s type, as lookups compare it with stored rows.
   *
   * @throws TableException when the value does not fit the column's type
   */
  byte[] encodeValue(int column, Object value) {
    try {
      return RowCodec.encodeValue(types[column], value);
    } catch (RowEncodingException e) {
      throw new TableException(
          schema.name()
              + ": "
              + ValueText.of(value)
              + " is not a value of column "
              + schema.columns().get(column).name()
              + " ("
              + types[column]
              + ")",
          e);
    }
  }
}
