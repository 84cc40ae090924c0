package io.interstice.runtime.table;

import io.interstice.sdk.schema.IndexSchema;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * A non-unique hash index. A key held by one row maps straight to that encoded row; a key shared by
 * several maps to a {@link SortedRows} of them in primary key order, so common keys cost one slot
 * of a {@link RowHashTable} and no wrapper. Deliberately mutable, not thread-safe: owned by its
 * table.
 */
final class MultiHashIndex extends SecondaryIndex {
  /** Entries are an encoded row or a {@link SortedRows} of two or more rows. */
  private final RowHashTable rows;

  private final Comparator<byte[]> primaryKeyOrder;

  MultiHashIndex(
      String table, IndexSchema schema, IndexKey key, Comparator<byte[]> primaryKeyOrder) {
    super(table, schema, key);
    this.rows = new RowHashTable(key);
    this.primaryKeyOrder = primaryKeyOrder;
  }

  @Override
  byte[] holder(byte[] row) {
    return null;
  }

  @Override
  void add(byte[] row) {
    int slot = rows.find(row);
    if (slot < 0) {
      rows.add(row);
    } else if (rows.at(slot) instanceof byte[] single) {
      var several = new SortedRows(primaryKeyOrder);
      several.add(single);
      several.add(row);
      rows.set(slot, several);
    } else {
      ((SortedRows) rows.at(slot)).add(row);
    }
  }

  @Override
  void remove(byte[] row) {
    int slot = rows.find(row);
    if (rows.at(slot) instanceof byte[]) {
      rows.removeAt(slot);
      return;
    }
    var several = (SortedRows) rows.at(slot);
    several.remove(row);
    if (several.size() == 1) {
      rows.set(slot, several.first());
    }
  }

  @Override
  void replace(byte[] oldRow, byte[] newRow) {
    if (!key.sameKey(oldRow, newRow)) {
      super.replace(oldRow, newRow);
      return;
    }
    int slot = rows.find(oldRow);
    if (rows.at(slot) instanceof byte[]) {
      rows.set(slot, newRow);
    } else {
      ((SortedRows) rows.at(slot)).replace(oldRow, newRow);
    }
  }

  @Override
  Iterable<byte[]> findAll(Object value) {
    int slot = rows.find(key.parts(value, false));
    if (slot < 0) {
      return List.of();
    }
    if (rows.at(slot) instanceof byte[] single) {
      return Collections.singletonList(single);
    }
    return (SortedRows) rows.at(slot);
  }
}
