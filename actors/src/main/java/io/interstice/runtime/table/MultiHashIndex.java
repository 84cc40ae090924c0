package io.interstice.runtime.table;

import io.interstice.sdk.schema.IndexSchema;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A non-unique hash index. A key held by one row maps straight to that row; a key shared by several
 * maps to a {@link SortedRows} of them in primary key order, so common keys cost one map entry and
 * no wrapper. Deliberately mutable, not thread-safe: owned by its table.
 */
final class MultiHashIndex extends SecondaryIndex {
  /** Values are an {@code Object[]} row or a {@link SortedRows} of two or more rows. */
  private final Map<Object, Object> rows = new HashMap<>();

  private final Comparator<Object[]> primaryKeyOrder;

  MultiHashIndex(
      String table, IndexSchema schema, IndexKey key, Comparator<Object[]> primaryKeyOrder) {
    super(table, schema, key);
    this.primaryKeyOrder = primaryKeyOrder;
  }

  @Override
  Object[] holder(Object[] row) {
    return null;
  }

  @Override
  void add(Object[] row) {
    rows.merge(key.of(row), row, (held, added) -> withRow(held, (Object[]) added));
  }

  private Object withRow(Object held, Object[] row) {
    if (held instanceof Object[] single) {
      var several = new SortedRows(primaryKeyOrder);
      several.add(single);
      several.add(row);
      return several;
    }
    ((SortedRows) held).add(row);
    return held;
  }

  @Override
  void remove(Object[] row) {
    rows.computeIfPresent(key.of(row), (ignored, held) -> withoutRow(held, row));
  }

  private Object withoutRow(Object held, Object[] row) {
    if (held instanceof Object[]) {
      return null;
    }
    var several = (SortedRows) held;
    several.remove(row);
    return several.size() == 1 ? several.iterator().next() : several;
  }

  @Override
  void replace(Object[] oldRow, Object[] newRow) {
    var rowKey = key.of(oldRow);
    if (!Objects.equals(rowKey, key.of(newRow))) {
      super.replace(oldRow, newRow);
      return;
    }
    var held = rows.get(rowKey);
    if (held instanceof Object[]) {
      rows.put(rowKey, newRow);
    } else {
      ((SortedRows) held).replace(oldRow, newRow);
    }
  }

  @Override
  Iterable<Object[]> findAll(Object value) {
    var held = rows.get(key.lookup(value));
    if (held == null) {
      return List.of();
    }
    if (held instanceof Object[] single) {
      return Collections.singletonList(single);
    }
    return (SortedRows) held;
  }
}
