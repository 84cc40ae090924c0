package io.interstice.sdk;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Read access to one table of the module, in rows of its record type {@code T}. Given by {@link
 * QueryContext#table} (committed state) and, as the base of {@link TableHandle}, by {@link
 * ReducerContext#table} (the transaction's view, own writes included). Keys and index values are
 * given as the Java type of the column ({@code Long} for a {@code long} component, {@code byte[]}
 * for bytes, an enum constant for an enum, …). A handle is only valid during the call that obtained
 * it, and only on that call's thread.
 *
 * @param <T> the table's record type
 */
public interface ReadOnlyTableHandle<T extends Record> {

  /** The row with this primary key, if any. */
  Optional<T> get(Object primaryKey);

  /** Every row, in primary key order. Consume the stream before the call returns. */
  Stream<T> scan();

  /** The number of rows. */
  long count();

  /**
   * The row whose value in the unique index {@code index} equals {@code value}.
   *
   * @throws ModuleDefinitionException if the table has no such index or it is not unique
   */
  Optional<T> findUnique(String index, Object value);

  /**
   * Every row whose value in the index {@code index} equals {@code value}, in primary key order.
   *
   * @throws ModuleDefinitionException if the table has no such index
   */
  List<T> findAll(String index, Object value);

  /**
   * The rows whose value in the btree index {@code index} is in {@code [fromInclusive,
   * toExclusive)}, in index order; a {@code null} bound is unbounded on that side.
   *
   * @throws ModuleDefinitionException if the table has no such index or it is a hash index
   */
  Iterable<T> range(String index, Object fromInclusive, Object toExclusive);
}
