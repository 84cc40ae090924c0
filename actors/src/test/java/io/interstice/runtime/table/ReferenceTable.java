package io.interstice.runtime.table;

import io.interstice.sdk.schema.IndexSchema;
import io.interstice.sdk.schema.TableSchema;
import io.interstice.sdk.value.Values;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The obvious implementation of a table to check {@link Table} against: a list of rows searched
 * linearly, keys compared column by column with {@link Values#compare}. Operations return what
 * {@link Table} should return; a write that breaks a constraint returns {@code false}.
 */
final class ReferenceTable {
  private final TableSchema schema;
  private final List<Object[]> rows = new ArrayList<>();

  ReferenceTable(TableSchema schema) {
    this.schema = schema;
  }

  Object[] get(Object key) {
    for (var row : rows) {
      if (comparePrimaryKey(key, row) == 0) {
        return row;
      }
    }
    return null;
  }

  boolean insert(Object[] row) {
    if (get(row[schema.primaryKey()]) != null || takesUniqueValue(row, null)) {
      return false;
    }
    rows.add(row);
    return true;
  }

  /** Returns the old row, or null if the update breaks a constraint. */
  Object[] update(Object[] row) {
    var old = get(row[schema.primaryKey()]);
    if (old == null || takesUniqueValue(row, old)) {
      return null;
    }
    rows.set(rows.indexOf(old), row);
    return old;
  }

  Object[] delete(Object key) {
    var old = get(key);
    if (old != null) {
      rows.remove(old);
    }
    return old;
  }

  List<Object[]> scan() {
    var sorted = new ArrayList<>(rows);
    sorted.sort(byPrimaryKey());
    return sorted;
  }

  List<Object[]> findAll(IndexSchema index, Object[] key) {
    var found = new ArrayList<Object[]>();
    for (var row : scan()) {
      if (compareKey(index, key, row) == 0) {
        found.add(row);
      }
    }
    return found;
  }

  /** Rows with {@code from <= key < to} comparing only the bound's columns; null is unbounded. */
  List<Object[]> range(IndexSchema index, Object[] from, Object[] to) {
    var found = new ArrayList<Object[]>();
    for (var row : scan()) {
      if ((from == null || compareKey(index, from, row) <= 0)
          && (to == null || compareKey(index, to, row) > 0)) {
        found.add(row);
      }
    }
    Comparator<Object[]> byKey = (a, b) -> compareKey(index, keyParts(index, a), b);
    found.sort(byKey.thenComparing(byPrimaryKey()));
    return found;
  }

  private boolean takesUniqueValue(Object[] row, Object[] self) {
    for (var index : schema.indexes()) {
      if (index.unique()) {
        for (var other : rows) {
          if (other != self && compareKey(index, keyParts(index, row), other) == 0) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static Object[] keyParts(IndexSchema index, Object[] row) {
    var parts = new Object[index.columns().size()];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = row[index.columns().get(i)];
    }
    return parts;
  }

  private int compareKey(IndexSchema index, Object[] key, Object[] row) {
    for (int i = 0; i < key.length; i++) {
      int column = index.columns().get(i);
      int order = Values.compare(schema.columns().get(column).type(), key[i], row[column]);
      if (order != 0) {
        return order;
      }
    }
    return 0;
  }

  private int comparePrimaryKey(Object key, Object[] row) {
    return Values.compare(schema.primaryKeyColumn().type(), key, row[schema.primaryKey()]);
  }

  private Comparator<Object[]> byPrimaryKey() {
    return (a, b) -> comparePrimaryKey(a[schema.primaryKey()], b);
  }
}
