package io.interstice.runtime.table;

import io.interstice.sdk.schema.IndexSchema;
import io.interstice.sdk.schema.TableSchema;
import io.interstice.sdk.value.Type;
import io.interstice.sdk.value.Values;
import java.util.Arrays;
import java.util.List;

/**
 * The key of one secondary index: which columns of a row make it up and how keys compare, read in
 * place from encoded rows (see {@link RowFormat} and {@link EncodedValues}). A caller gives the key
 * of a one-column index as the column value itself, of a multi-column index as a {@link List} of
 * the column values in index column order, compared lexicographically; lookups encode it once into
 * {@linkplain #parts parts}, one encoded value per column. Immutable and thread-safe.
 */
final class IndexKey {
  private final String table;
  private final String index;
  private final RowFormat format;
  private final int[] columns;
  private final Type[] types;

  private IndexKey(String table, String index, RowFormat format, int[] columns) {
    this.table = table;
    this.index = index;
    this.format = format;
    this.columns = columns;
    this.types = new Type[columns.length];
    for (int i = 0; i < columns.length; i++) {
      types[i] = format.type(columns[i]);
    }
  }

  /** The key of a table's rows by primary key, for the table's own hash of its rows. */
  static IndexKey primary(TableSchema table, RowFormat format) {
    return new IndexKey(table.name(), "primary key", format, new int[] {table.primaryKey()});
  }

  static IndexKey of(TableSchema table, IndexSchema index, RowFormat format) {
    var columns = index.columns().stream().mapToInt(Integer::intValue).toArray();
    return new IndexKey(table.name(), index.name(), format, columns);
  }

  /**
   * The encoded column values of a key given by a caller; with {@code prefixAllowed}, a
   * multi-column key may name only its first columns.
   *
   * @throws TableException when a multi-column key is not a list of the right length, or a value
   *     does not fit its column
   */
  byte[][] parts(Object key, boolean prefixAllowed) {
    if (columns.length == 1) {
      return new byte[][] {format.encodeValue(columns[0], key)};
    }
    if (key instanceof List<?> list
        && list.size() <= columns.length
        && (list.size() == columns.length || (prefixAllowed && !list.isEmpty()))) {
      var parts = new byte[list.size()][];
      for (int i = 0; i < parts.length; i++) {
        parts[i] = format.encodeValue(columns[i], list.get(i));
      }
      return parts;
    }
    throw new TableException(
        table
            + ": index "
            + index
            + " has "
            + columns.length
            + " columns, its key must be a List of "
            + (prefixAllowed ? "1 to " : "")
            + columns.length
            + " values, found "
            + Values.describe(key));
  }

  /** Compares key parts (possibly a prefix) with the key of the encoded {@code row}. */
  int compare(byte[][] parts, byte[] row) {
    for (int i = 0; i < parts.length; i++) {
      int order = EncodedValues.compare(types[i], parts[i], 0, row, format.offset(row, columns[i]));
      if (order != 0) {
        return order;
      }
    }
    return 0;
  }

  /** Compares the keys of two encoded rows. */
  int compareRows(byte[] a, byte[] b) {
    for (int i = 0; i < columns.length; i++) {
      int column = columns[i];
      int order =
          EncodedValues.compare(types[i], a, format.offset(a, column), b, format.offset(b, column));
      if (order != 0) {
        return order;
      }
    }
    return 0;
  }

  /** Whether two encoded rows hold equal keys: equal bytes, the encoding being canonical. */
  boolean sameKey(byte[] a, byte[] b) {
    for (int column : columns) {
      int aAt = format.offset(a, column);
      int bAt = format.offset(b, column);
      int length = format.end(a, column) - aAt;
      if (format.end(b, column) - bAt != length
          || !EncodedValues.equalBytes(a, aAt, b, bAt, length)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the full key {@code parts} equals the key of the encoded {@code row}. */
  boolean matches(byte[][] parts, byte[] row) {
    for (int i = 0; i < columns.length; i++) {
      int at = format.offset(row, columns[i]);
      int length = parts[i].length;
      if (format.end(row, columns[i]) - at != length
          || !EncodedValues.equalBytes(parts[i], 0, row, at, length)) {
        return false;
      }
    }
    return true;
  }

  /** The hash of the key of the encoded {@code row}; equal keys hash alike. */
  int hash(byte[] row) {
    int hash = 1;
    for (int column : columns) {
      int at = format.offset(row, column);
      hash = EncodedValues.hash(hash, row, at, format.end(row, column) - at);
    }
    return EncodedValues.spread(hash);
  }

  /** The hash of a full key given as parts, equal to {@link #hash} of a row holding it. */
  int hash(byte[][] parts) {
    int hash = 1;
    for (var part : parts) {
      hash = EncodedValues.hash(hash, part, 0, part.length);
    }
    return EncodedValues.spread(hash);
  }

  /** The key of the encoded {@code row} for messages: {@code "alice"} or {@code ("alice", 3)}. */
  String describe(byte[] row) {
    var decoded = format.decode(row);
    if (columns.length == 1) {
      return ValueText.of(decoded[columns[0]]);
    }
    var values = new Object[columns.length];
    for (int i = 0; i < columns.length; i++) {
      values[i] = decoded[columns[i]];
    }
    return ValueText.tuple(Arrays.asList(values));
  }
}
