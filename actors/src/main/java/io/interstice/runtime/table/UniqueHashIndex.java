package io.interstice.runtime.table;

import io.interstice.sdk.schema.IndexSchema;
import java.util.Collections;
import java.util.List;

/**
 * A unique hash index: key to encoded row, in a {@link RowHashTable}. Keys are compared as encoded
 * bytes, which are equal exactly when the values compare equal under {@link
 * io.interstice.sdk.value.Values#compare} (the encoding is canonical), so hashing agrees with the
 * btree order. Deliberately mutable, not thread-safe: owned by its table.
 */
final class UniqueHashIndex extends SecondaryIndex {
  private final RowHashTable rows;

  UniqueHashIndex(String table, IndexSchema schema, IndexKey key) {
    super(table, schema, key);
    this.rows = new RowHashTable(key);
  }

  @Override
  byte[] holder(byte[] row) {
    int slot = rows.find(row);
    return slot < 0 ? null : (byte[]) rows.at(slot);
  }

  @Override
  void add(byte[] row) {
    rows.add(row);
  }

  @Override
  void remove(byte[] row) {
    rows.removeAt(rows.find(row));
  }

  @Override
  void replace(byte[] oldRow, byte[] newRow) {
    if (key.sameKey(oldRow, newRow)) {
      rows.set(rows.find(oldRow), newRow);
    } else {
      super.replace(oldRow, newRow);
    }
  }

  @Override
  byte[] findUnique(Object value) {
    int slot = rows.find(key.parts(value, false));
    return slot < 0 ? null : (byte[]) rows.at(slot);
  }

  @Override
  Iterable<byte[]> findAll(Object value) {
    var row = findUnique(value);
    return row == null ? List.of() : Collections.singletonList(row);
  }
}
