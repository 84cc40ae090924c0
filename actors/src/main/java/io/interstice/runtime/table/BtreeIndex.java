package io.interstice.runtime.table;

import io.interstice.sdk.schema.IndexSchema;
import java.util.Comparator;

/**
 * An ordered index: the encoded rows sorted by (index key, primary key), or by the key alone when
 * it is unique, with no per-row objects beyond a slot in {@link SortedRows}. Answers equality
 * lookups and ranges; a multi-column range bound may name only the first columns. Deliberately
 * mutable, not thread-safe: owned by its table.
 */
final class BtreeIndex extends SecondaryIndex {
  private final SortedRows rows;

  BtreeIndex(String table, IndexSchema schema, IndexKey key, Comparator<byte[]> primaryKeyOrder) {
    super(table, schema, key);
    Comparator<byte[]> byKey = key::compareRows;
    this.rows = new SortedRows(schema.unique() ? byKey : byKey.thenComparing(primaryKeyOrder));
  }

  @Override
  byte[] holder(byte[] row) {
    return schema.unique() ? rows.find(stored -> key.compareRows(row, stored)) : null;
  }

  @Override
  void add(byte[] row) {
    rows.add(row);
  }

  @Override
  void remove(byte[] row) {
    rows.remove(row);
  }

  @Override
  void replace(byte[] oldRow, byte[] newRow) {
    if (key.compareRows(oldRow, newRow) == 0) {
      rows.replace(oldRow, newRow);
    } else {
      super.replace(oldRow, newRow);
    }
  }

  @Override
  byte[] findUnique(Object value) {
    if (!schema.unique()) {
      return super.findUnique(value);
    }
    var parts = key.parts(value, false);
    return rows.find(stored -> key.compare(parts, stored));
  }

  @Override
  Iterable<byte[]> findAll(Object value) {
    var parts = key.parts(value, false);
    return rows.from(
        stored -> key.compare(parts, stored), stored -> key.compare(parts, stored) == 0);
  }

  @Override
  Iterable<byte[]> range(Object from, Object to) {
    var fromParts = from == null ? null : key.parts(from, true);
    var toParts = to == null ? null : key.parts(to, true);
    RowProbe start = fromParts == null ? null : stored -> key.compare(fromParts, stored);
    return rows.from(start, stored -> toParts == null || key.compare(toParts, stored) > 0);
  }
}
