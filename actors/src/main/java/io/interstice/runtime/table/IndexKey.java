package io.interstice.runtime.table;

import io.interstice.sdk.schema.IndexSchema;
import io.interstice.sdk.schema.TableSchema;
import io.interstice.sdk.value.Type;
import io.interstice.sdk.value.Values;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The key of one secondary index: which columns of a row make it up and how keys compare. The key
 * of a one-column index is the column value itself; of a multi-column index a {@link List} of the
 * column values in index column order, compared lexicographically. Immutable and thread-safe.
 */
final class IndexKey {
  private final String table;
  private final String index;
  private final int[] columns;
  private final Type[] types;
  private final Comparator<Object>[] orders;

  private IndexKey(String table, String index, int[] columns, Type[] types) {
    this.table = table;
    this.index = index;
    this.columns = columns;
    this.types = types;
    @SuppressWarnings({"unchecked", "rawtypes"})
    Comparator<Object>[] byColumn = new Comparator[types.length];
    for (int i = 0; i < types.length; i++) {
      byColumn[i] = Values.comparator(types[i]);
    }
    this.orders = byColumn;
  }

  static IndexKey of(TableSchema table, IndexSchema index) {
    int n = index.columns().size();
    var columns = new int[n];
    var types = new Type[n];
    for (int i = 0; i < n; i++) {
      columns[i] = index.columns().get(i);
      types[i] = table.columns().get(columns[i]).type();
    }
    return new IndexKey(table.name(), index.name(), columns, types);
  }

  String index() {
    return index;
  }

  /** The key of {@code row}, with equals and hashCode fit for a hash map. */
  Object of(Object[] row) {
    if (columns.length == 1) {
      return row[columns[0]];
    }
    var values = new Object[columns.length];
    for (int i = 0; i < columns.length; i++) {
      values[i] = row[columns[i]];
    }
    return Arrays.asList(values);
  }

  /**
   * A key given by a caller in the form {@link #of} produces, for hash lookups.
   *
   * @throws TableException when a multi-column key is not a list of the right length
   */
  Object lookup(Object key) {
    var parts = parts(key, false);
    return parts.length == 1 ? parts[0] : Arrays.asList(parts);
  }

  /**
   * The column values of a key given by a caller; with {@code prefixAllowed}, a multi-column key
   * may name only its first columns.
   *
   * @throws TableException when a multi-column key is not a list of the right length
   */
  Object[] parts(Object key, boolean prefixAllowed) {
    if (columns.length == 1) {
      return new Object[] {key};
    }
    if (key instanceof List<?> list
        && list.size() <= columns.length
        && (list.size() == columns.length || (prefixAllowed && !list.isEmpty()))) {
      return list.toArray();
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

  /** Compares key column values (possibly a prefix) with the key of {@code row}. */
  int compare(Object[] parts, Object[] row) {
    for (int i = 0; i < parts.length; i++) {
      int order = orders[i].compare(parts[i], row[columns[i]]);
      if (order != 0) {
        return order;
      }
    }
    return 0;
  }

  /** Compares the keys of two rows. */
  int compareRows(Object[] a, Object[] b) {
    for (int i = 0; i < columns.length; i++) {
      int order = orders[i].compare(a[columns[i]], b[columns[i]]);
      if (order != 0) {
        return order;
      }
    }
    return 0;
  }

  /** The key of {@code row} for messages: {@code "alice"} or {@code ("alice", 3)}. */
  String describe(Object[] row) {
    if (columns.length == 1) {
      return ValueText.of(row[columns[0]]);
    }
    var values = new Object[columns.length];
    for (int i = 0; i < columns.length; i++) {
      values[i] = row[columns[i]];
    }
    return ValueText.tuple(Arrays.asList(values));
  }
}
