package io.interstice.runtime.table;

import io.interstice.sdk.schema.IndexKind;
import io.interstice.sdk.schema.IndexSchema;
import io.interstice.sdk.schema.TableSchema;
import java.util.Comparator;

/**
 * One secondary index of a {@link Table}: an entry per row of the table, findable by the index key.
 * An entry is the encoded row (see {@link RowFormat}) as it was when its index columns last
 * changed: an update that leaves them alone does not touch the index, and the table reads the
 * current row through the entry's primary key. The table checks unique constraints through {@link
 * #holder} before it changes anything, then keeps every index in step with its rows' keys.
 * Deliberately mutable and not thread-safe: owned by its table.
 */
abstract sealed class SecondaryIndex permits BtreeIndex, UniqueHashIndex, MultiHashIndex {
  final String table;
  final IndexSchema schema;
  final IndexKey key;

  SecondaryIndex(String table, IndexSchema schema, IndexKey key) {
    this.table = table;
    this.schema = schema;
    this.key = key;
  }

  /** The index for {@code schema}; {@code primaryKeyOrder} orders rows with equal keys. */
  static SecondaryIndex create(
      TableSchema table, IndexSchema schema, RowFormat format, Comparator<byte[]> primaryKeyOrder) {
    var key = IndexKey.of(table, schema, format);
    if (schema.kind() == IndexKind.BTREE) {
      return new BtreeIndex(table.name(), schema, key, primaryKeyOrder);
    }
    return schema.unique()
        ? new UniqueHashIndex(table.name(), schema, key)
        : new MultiHashIndex(table.name(), schema, key, primaryKeyOrder);
  }

  /** For a unique index, the stored row that holds the key of {@code row}; otherwise null. */
  abstract byte[] holder(byte[] row);

  abstract void add(byte[] row);

  abstract void remove(byte[] row);

  /** Moves the index from {@code oldRow} to {@code newRow}, which has the same primary key. */
  void replace(byte[] oldRow, byte[] newRow) {
    remove(oldRow);
    add(newRow);
  }

  /** The row with this key of a unique index, or null. */
  byte[] findUnique(Object key) {
    throw new TableException(
        table + ": index " + schema.name() + " is not unique and cannot answer findUnique");
  }

  /** The rows with this key, in primary key order. */
  abstract Iterable<byte[]> findAll(Object key);

  /** The rows with keys in {@code [from, to)} in index order, null bounds meaning unbounded. */
  Iterable<byte[]> range(Object from, Object to) {
    throw new TableException(
        table + ": index " + schema.name() + " is a hash index and cannot answer a range");
  }
}
