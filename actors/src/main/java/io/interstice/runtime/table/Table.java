package io.interstice.runtime.table;

import io.interstice.sdk.schema.TableSchema;
import io.interstice.sdk.value.Type;
import io.interstice.sdk.value.Values;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;

/**
 * The rows of one table and its secondary indexes. Callers see a row as an {@code Object[]} of
 * column values in column order; the table stores each row as one {@code byte[]} in the canonical
 * encoding of {@link io.interstice.sdk.codec.RowCodec} (see {@link RowFormat}), about a third of
 * the heap of the boxed values, and decodes it on every read. A row returned here is therefore a
 * fresh array that the caller may keep; it is never the stored row, and two reads of one row give
 * equal, not identical, arrays. Rows passed in are checked against the column types as they are
 * encoded ({@link TableException} when a value does not fit).
 *
 * <p>Rows are held in primary key order ({@link Values#compare}, read in place from the encoded
 * bytes by {@link EncodedValues}) in a {@link SortedRows}, which costs about one array slot per
 * row, and by primary key in an open-addressing {@link RowHashTable} (one to two slots per row), so
 * that a read by key costs a hash and one or two probes instead of a binary search whose every step
 * reads another row (a likely cache miss in a large table: reducers mostly read and update rows by
 * key). Btree indexes hold the same row references in (index key, primary key) order the same way;
 * hash indexes hold them in a {@link RowHashTable} too. A write checks every constraint before it
 * changes anything, so a {@link ConstraintViolationException} leaves the table exactly as it was.
 *
 * <p>Deliberately mutable and not thread-safe: a table is owned by one module actor, which is the
 * only one to read or write it. Iterables returned by lookups read the live table without copying
 * it and fail with {@link java.util.ConcurrentModificationException} if the table changes while
 * they are being iterated.
 */
public final class Table {
  private final TableSchema schema;
  private final String name;
  private final RowFormat format;
  private final int primaryKey;
  private final Type primaryKeyType;
  private final boolean autoIncrementI32;
  private final SortedRows rows;
  private final RowHashTable byKey;
  private final SecondaryIndex[] indexes;
  private final Map<String, SecondaryIndex> indexesByName = new HashMap<>();
  private long nextAutoIncrement = 1;

  private Table(TableSchema schema) {
    this.schema = schema;
    this.name = schema.name();
    this.format = RowFormat.of(schema);
    this.primaryKey = schema.primaryKey();
    this.primaryKeyType = schema.primaryKeyColumn().type();
    this.autoIncrementI32 = primaryKeyType.kind() == Type.Kind.I32;
    Comparator<byte[]> byPrimaryKey =
        (a, b) ->
            EncodedValues.compare(
                primaryKeyType, a, format.offset(a, primaryKey), b, format.offset(b, primaryKey));
    this.rows = new SortedRows(byPrimaryKey);
    this.byKey = new RowHashTable(IndexKey.primary(schema, format));
    this.indexes = new SecondaryIndex[schema.indexes().size()];
    for (int i = 0; i < indexes.length; i++) {
      indexes[i] = SecondaryIndex.create(schema, schema.indexes().get(i), format, byPrimaryKey);
      indexesByName.put(indexes[i].schema.name(), indexes[i]);
    }
  }

  /** An empty table; {@code schema} must be valid (it has a primary key). */
  public static Table create(TableSchema schema) {
    return new Table(schema);
  }

  public TableSchema schema() {
    return schema;
  }

  public long size() {
    return rows.size();
  }

  /**
   * The row with this primary key value, or null.
   *
   * @throws TableException when {@code key} is not a value of the primary key's type
   */
  public Object[] get(Object key) {
    return decode(find(key));
  }

  /**
   * Stores a new row and returns it. With an auto-increment key the key in {@code row} is ignored
   * and the stored row is a copy carrying the next counter value (an {@code Integer} or {@code
   * Long} to match the column), after which the counter moves on.
   *
   * @throws ConstraintViolationException when the primary key or a unique index value is taken;
   *     nothing changes, the counter included
   * @throws TableException when an auto-increment key has no values left, or a value does not fit
   *     its column
   */
  public Object[] insert(Object[] row) {
    var stored = row;
    if (schema.autoIncrement()) {
      stored = row.clone();
      stored[primaryKey] = generatedKey();
    }
    store(format.encode(stored));
    if (schema.autoIncrement()) {
      nextAutoIncrement++;
    }
    return stored;
  }

  /**
   * Stores {@code row} exactly as given, as replay, snapshot restore and undo need: no key is
   * generated, and an auto-increment counter moves to at least the row's key plus one.
   *
   * @throws ConstraintViolationException when the primary key or a unique index value is taken;
   *     nothing changes
   * @throws TableException when a value does not fit its column
   */
  public Object[] put(Object[] row) {
    store(format.encode(row));
    if (schema.autoIncrement()) {
      long key = ((Number) row[primaryKey]).longValue();
      // Saturates: a counter at Long.MAX_VALUE means the i64 key space is used up.
      long next = key == Long.MAX_VALUE ? Long.MAX_VALUE : key + 1;
      nextAutoIncrement = Math.max(nextAutoIncrement, next);
    }
    return row;
  }

  /**
   * Replaces the stored row that has the primary key of {@code row} and returns the old one.
   *
   * @throws ConstraintViolationException when there is no such row or another row holds a unique
   *     index value of {@code row}; nothing changes
   * @throws TableException when a value does not fit its column
   */
  public Object[] update(Object[] row) {
    var encoded = format.encode(row);
    int slot = byKey.find(encoded);
    if (slot < 0) {
      throw new NoSuchRowException(
          name + ": no row with primary key " + primaryKeyText(row[primaryKey]) + " to update");
    }
    var old = (byte[]) byKey.at(slot);
    var decodedOld = format.decode(old);
    replaceAt(slot, old, encoded);
    return decodedOld;
  }

  /**
   * Replaces the stored row {@code old}, found in {@code slot} of the hash by key, by {@code row}
   * with the same primary key, after checking the unique indexes.
   *
   * <p>A new row of the same encoded length is copied into the stored array, so that neither the
   * sorted rows nor the hash change: an update of fixed-width columns (a balance) then costs no
   * search at all. No reference to a stored array ever leaves the table (reads decode, snapshots
   * and the log re-encode), so nothing else sees the bytes change.
   */
  private void replaceAt(int slot, byte[] old, byte[] row) {
    for (var index : indexes) {
      // A row that keeps its key keeps it from everyone else: no lookup needed.
      var holder = index.key.sameKey(old, row) ? null : index.holder(row);
      if (holder != null) {
        throw uniqueViolation(index, row, holder);
      }
    }
    for (var index : indexes) {
      // An index whose columns this update leaves alone keeps its entry: an entry stands for its
      // row's key and primary key, and lookups read the current row through the primary key.
      // Updates of unindexed columns (a balance) then cost no index work. The entries are moved
      // while the stored row still holds the old values, by which they are found.
      if (!index.key.sameKey(old, row)) {
        index.replace(old, row);
      }
    }
    if (old.length == row.length) {
      System.arraycopy(row, 0, old, 0, row.length);
    } else {
      rows.replace(old, row);
      byKey.set(slot, row);
    }
  }

  /**
   * Stores an encoded row from the log as it is, as {@link #put} stores a decoded one: the bytes
   * are checked to be a well-formed row of this table (the log's CRC vouches for them having been
   * written so, not for what wrote them) and copied, never decoded.
   *
   * @throws ConstraintViolationException when the primary key or a unique index value is taken
   * @throws TableException when the bytes are not a row of this table
   */
  public void putEncoded(byte[] row) {
    format.check(row);
    var stored = row.clone();
    store(stored);
    if (schema.autoIncrement()) {
      long key = ((Number) primaryKeyOf(stored)).longValue();
      long next = key == Long.MAX_VALUE ? Long.MAX_VALUE : key + 1;
      nextAutoIncrement = Math.max(nextAutoIncrement, next);
    }
  }

  /**
   * Replaces the stored row that is byte for byte {@code expected} by the encoded {@code row} with
   * the same primary key, as a logged update replays; returns what was found instead when the
   * stored row is not {@code expected} (then nothing changes), or null when it was replaced.
   *
   * @throws NoSuchRowException when no row has the key
   * @throws ConstraintViolationException when another row holds a unique index value of {@code
   *     row}; nothing changes
   * @throws TableException when the bytes are not a row of this table or change the primary key
   */
  public Object[] replaceEncoded(byte[] expected, byte[] row) {
    format.check(expected);
    format.check(row);
    if (EncodedValues.compare(
            primaryKeyType,
            expected,
            format.offset(expected, primaryKey),
            row,
            format.offset(row, primaryKey))
        != 0) {
      throw new TableException(
          name
              + ": cannot replay update: it changes the primary key from "
              + ValueText.of(primaryKeyOf(expected))
              + " to "
              + ValueText.of(primaryKeyOf(row)));
    }
    int slot = replayedSlot(row, "update");
    var old = (byte[]) byKey.at(slot);
    if (!Arrays.equals(old, expected)) {
      return format.decode(old);
    }
    replaceAt(slot, old, row.clone());
    return null;
  }

  /**
   * Removes the stored row that is byte for byte {@code expected}, as a logged delete replays;
   * returns what was found instead when the stored row differs (then nothing changes), or null when
   * it was removed.
   *
   * @throws NoSuchRowException when no row has the key
   * @throws TableException when the bytes are not a row of this table
   */
  public Object[] removeEncoded(byte[] expected) {
    format.check(expected);
    int slot = replayedSlot(expected, "delete");
    var old = (byte[]) byKey.at(slot);
    if (!Arrays.equals(old, expected)) {
      return format.decode(old);
    }
    removeAt(slot, old);
    return null;
  }

  /**
   * The slot of the stored row with the primary key of a logged row that a replayed {@code change}
   * names.
   *
   * @throws NoSuchRowException when no row has the key
   */
  private int replayedSlot(byte[] row, String change) {
    int slot = byKey.find(row);
    if (slot < 0) {
      throw new NoSuchRowException(
          name
              + ": cannot replay "
              + change
              + ": no row with primary key "
              + primaryKeyText(primaryKeyOf(row)));
    }
    return slot;
  }

  /** The values of an encoded row of this table, for messages about it. */
  public Object[] decodeEncoded(byte[] row) {
    format.check(row);
    return format.decode(row);
  }

  /**
   * Removes the row with this primary key value and returns it, or returns null if none.
   *
   * @throws TableException when {@code key} is not a value of the primary key's type
   */
  public Object[] delete(Object key) {
    int slot = slotOf(key);
    if (slot < 0) {
      return null;
    }
    var old = (byte[]) byKey.at(slot);
    removeAt(slot, old);
    return format.decode(old);
  }

  private void removeAt(int slot, byte[] old) {
    byKey.removeAt(slot);
    rows.remove(old);
    for (var index : indexes) {
      index.remove(old);
    }
  }

  /** Every row in primary key order, read from the live table. */
  public Iterator<Object[]> scan() {
    return decoding(rows, format::decode).iterator();
  }

  /**
   * The rows whose primary key sorts after {@code key}, in primary key order, read from the live
   * table.
   *
   * @throws TableException when {@code key} is not a value of the primary key's type
   */
  public Iterator<Object[]> scanAfter(Object key) {
    var encoded = format.encodeValue(primaryKey, key);
    // Never equal: the scan starts at the first row whose key is greater than key.
    RowProbe after = stored -> compareKey(encoded, stored) < 0 ? -1 : 1;
    return decoding(rows.from(after, row -> true), format::decode).iterator();
  }

  /**
   * The row holding {@code key} in a unique index, or null. The key of a one-column index is the
   * column value; of a multi-column index a {@code List} of the column values in index order.
   *
   * @throws TableException for an unknown or non-unique index or a malformed key
   */
  public Object[] findUnique(String index, Object key) {
    return current(index(index).findUnique(key));
  }

  /**
   * The rows holding {@code key} in an index, in primary key order.
   *
   * @throws TableException for an unknown index or a malformed key
   */
  public Iterable<Object[]> findAll(String index, Object key) {
    return decoding(index(index).findAll(key), this::current);
  }

  /**
   * The rows whose key in a btree index lies in {@code [fromInclusive, toExclusive)}, in index
   * order and primary key order within equal keys. A null bound is unbounded (none sorts first, so
   * an unbounded start includes rows whose key is none). A bound of a multi-column index may be a
   * list of only its first columns' values: then only those columns are compared with it.
   *
   * @throws TableException for an unknown or hash index or a malformed bound
   */
  public Iterable<Object[]> range(String index, Object fromInclusive, Object toExclusive) {
    return decoding(index(index).range(fromInclusive, toExclusive), this::current);
  }

  /**
   * The stored row an index entry stands for, decoded: the entry may be the row as it was before
   * updates that left the index's columns alone (see {@link #update}).
   */
  private Object[] current(byte[] indexed) {
    return indexed == null ? null : decode(stored(indexed));
  }

  private static Iterable<Object[]> decoding(
      Iterable<byte[]> stored, Function<byte[], Object[]> decoder) {
    return () -> {
      var entries = stored.iterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return entries.hasNext();
        }

        @Override
        public Object[] next() {
          return decoder.apply(entries.next());
        }
      };
    };
  }

  /** The key the next auto-increment insert will use (1 for a fresh table). */
  public long nextAutoIncrement() {
    return nextAutoIncrement;
  }

  /** Sets the auto-increment counter, to undo inserts or restore a snapshot. */
  public void nextAutoIncrement(long value) {
    this.nextAutoIncrement = value;
  }

  private byte[] find(Object key) {
    int slot = slotOf(key);
    return slot < 0 ? null : (byte[]) byKey.at(slot);
  }

  /** The slot of the row with this primary key value in the hash by key, or -1. */
  private int slotOf(Object key) {
    return byKey.find(new byte[][] {format.encodeValue(primaryKey, key)});
  }

  /** The stored row with the primary key of another encoded row, or null. */
  private byte[] stored(byte[] row) {
    int slot = byKey.find(row);
    return slot < 0 ? null : (byte[]) byKey.at(slot);
  }

  /** The primary key value of an encoded row. */
  private Object primaryKeyOf(byte[] row) {
    return EncodedValues.decode(primaryKeyType, row, format.offset(row, primaryKey));
  }

  /** Compares an encoded primary key value with the key of a stored row. */
  private int compareKey(byte[] key, byte[] stored) {
    return EncodedValues.compare(primaryKeyType, key, 0, stored, format.offset(stored, primaryKey));
  }

  private Object[] decode(byte[] stored) {
    return stored == null ? null : format.decode(stored);
  }

  private void store(byte[] row) {
    if (stored(row) != null) {
      throw new ConstraintViolationException(
          name + ": primary key " + primaryKeyText(primaryKeyOf(row)) + " is already taken");
    }
    for (var index : indexes) {
      var holder = index.holder(row);
      if (holder != null) {
        throw uniqueViolation(index, row, holder);
      }
    }
    rows.add(row);
    byKey.add(row);
    for (var index : indexes) {
      index.add(row);
    }
  }

  private Object generatedKey() {
    long limit = autoIncrementI32 ? Integer.MAX_VALUE : Long.MAX_VALUE - 1;
    if (nextAutoIncrement > limit) {
      throw new TableException(
          name
              + ": auto-increment key "
              + schema.primaryKeyColumn().name()
              + " is exhausted (next value "
              + nextAutoIncrement
              + " exceeds "
              + limit
              + ")");
    }
    if (autoIncrementI32) {
      return Integer.valueOf((int) nextAutoIncrement);
    }
    return Long.valueOf(nextAutoIncrement);
  }

  private ConstraintViolationException uniqueViolation(
      SecondaryIndex index, byte[] row, byte[] holder) {
    return new ConstraintViolationException(
        name
            + ": unique index "
            + index.schema.name()
            + " already holds "
            + index.key.describe(row)
            + " (row with "
            + primaryKeyText(format.decode(holder)[primaryKey])
            + ")");
  }

  private String primaryKeyText(Object key) {
    return schema.primaryKeyColumn().name() + " = " + ValueText.of(key);
  }

  private SecondaryIndex index(String index) {
    var found = indexesByName.get(index);
    if (found == null) {
      throw new TableException(name + ": no index named " + index);
    }
    return found;
  }
}
