package io.interstice.runtime.table;

import io.interstice.sdk.schema.IndexSchema;
import java.util.Comparator;

/**
 * An ordered index: the rows sorted by (index key, primary key), or by the key alone when it is
 * unique, with no per-row objects beyond a slot in {@link SortedRows}. Answers equality lookups and
 * ranges; a multi-column range bound may name only the first columns. Deliberately mutable, not
 * thread-safe: owned by its table.
 */
final class BtreeIndex extends SecondaryIndex {
  private final SortedRows rows;

  BtreeIndex(String table, IndexSchema schema, IndexKey key, Comparator<Object[]> primaryKeyOrder) {
    super(table, schema, key);
    Comparator<Object[]> byKey = key::compareRows;
    this.rows = new SortedRows(schema.unique() ? byKey : byKey.thenComparing(primaryKeyOrder));
  }

  @Override
  Object[] holder(Object[] row) {
    return schema.unique() ? rows.find(stored -> key.compareRows(row, stored)) : null;
  }

  @Override
  void add(Object[] row) {
    rows.add(row);
  }

  @Override
  void remove(Object[] row) {
    rows.remove(row);
  }

  @Override
  void replace(Object[] oldRow, Object[] newRow) {
    if (key.compareRows(oldRow, newRow) == 0) {
      rows.replace(oldRow, newRow);
    } else {
      super.replace(oldRow, newRow);
    }
  }

  @Override
  Object[] findUnique(Object value) {
    if (!schema.unique()) {
      return super.findUnique(value);
    }
    var parts = key.parts(value, false);
    return rows.find(stored -> key.compare(parts, stored));
  }

  @Override
  Iterable<Object[]> findAll(Object value) {
    var parts = key.parts(value, false);
    return rows.from(
        stored -> key.compare(parts, stored), stored -> key.compare(parts, stored) == 0);
  }

  @Override
  Iterable<Object[]> range(Object from, Object to) {
    var fromParts = from == null ? null : key.parts(from, true);
    var toParts = to == null ? null : key.parts(to, true);
    RowProbe start = fromParts == null ? null : stored -> key.compare(fromParts, stored);
    return rows.from(start, stored -> toParts == null || key.compare(toParts, stored) > 0);
  }
}
