package io.interstice.runtime.table;

import io.interstice.sdk.schema.IndexSchema;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A unique hash index: key to row. Keys that compare equal under {@link
 * io.interstice.sdk.value.Values#compare} are equal Java objects (floats compare by bits like
 * {@link Float#equals}), so hashing agrees with the btree order. Deliberately mutable, not
 * thread-safe: owned by its table.
 */
final class UniqueHashIndex extends SecondaryIndex {
  private final Map<Object, Object[]> rows = new HashMap<>();

  UniqueHashIndex(String table, IndexSchema schema, IndexKey key) {
    super(table, schema, key);
  }

  @Override
  Object[] holder(Object[] row) {
    return rows.get(key.of(row));
  }

  @Override
  void add(Object[] row) {
    rows.put(key.of(row), row);
  }

  @Override
  void remove(Object[] row) {
    rows.remove(key.of(row));
  }

  @Override
  Object[] findUnique(Object value) {
    return rows.get(key.lookup(value));
  }

  @Override
  Iterable<Object[]> findAll(Object value) {
    var row = rows.get(key.lookup(value));
    return row == null ? List.of() : Collections.singletonList(row);
  }
}
