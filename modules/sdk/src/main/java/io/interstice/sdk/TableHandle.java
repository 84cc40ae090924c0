package io.interstice.sdk;

/**
 * Read and write access to one table of the module within a reducer's transaction, in rows of its
 * record type {@code T}. Writes are visible to later reads of the same transaction and become
 * durable only if the reducer returns normally. A write that breaks a constraint (a primary key or
 * unique index value already taken, an update of a missing row) throws {@link ReducerException} and
 * changes nothing; uncaught, it aborts the transaction.
 *
 * @param <T> the table's record type
 */
public interface TableHandle<T extends Record> extends ReadOnlyTableHandle<T> {

  /**
   * Inserts a row and returns it as stored: with an auto-increment key, the key of {@code row} is
   * ignored and the returned record carries the generated one.
   *
   * @throws ReducerException if the primary key or a unique index value is taken
   */
  T insert(T row);

  /**
   * Replaces the row with the same primary key and returns the stored row.
   *
   * @throws ReducerException if no row has that key or a unique index value is taken
   */
  T update(T row);

  /** Deletes the row with this primary key; false if there was none. */
  boolean delete(Object primaryKey);
}
