package io.interstice.runtime.wasm;

import com.dylibso.chicory.runtime.TableFactory;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasm.types.Table;

/**
 * A guest's table under the host's element limit: {@code table.grow} that would take the tables of
 * one instance together past {@code interstice.wasm.max-table-elements} traps with an error naming
 * the limit, like {@link CappedMemory} does for memory; growing past the table's own declared
 * maximum still returns -1. Each element costs the JVM an {@code int} and a reference, so without
 * the limit a guest could fill the heap with a loop of {@code table.grow}. Initial sizes are
 * checked at deploy ({@link WasmResourceCheck}).
 *
 * <p>Not thread-safe, like the table it extends: an instance is used by one module actor at a time.
 */
final class CappedTable extends TableInstance {
  private final Budget budget;

  /** The elements the tables of one instance hold together. */
  private static final class Budget {
    private final int limit;
    private long used;

    Budget(int limit) {
      this.limit = limit;
    }
  }

  private CappedTable(Table table, int initialValue, Budget budget) {
    super(table, initialValue);
    this.budget = budget;
    budget.used += size();
  }

  /** A factory for the tables of one new instance, sharing one budget of {@code limit} elements. */
  static TableFactory factory(int limit) {
    var budget = new Budget(limit);
    return (table, initialValue) -> new CappedTable(table, initialValue, budget);
  }

  @Override
  public int grow(int size, int value, com.dylibso.chicory.runtime.Instance instance) {
    long wanted = budget.used + Integer.toUnsignedLong(size);
    if (size > 0 && wanted > budget.limit && (long) size() + size <= limits().max()) {
      throw WasmLimitException.tableElements(wanted, budget.limit);
    }
    int before = super.grow(size, value, instance);
    if (before >= 0) {
      budget.used += size;
    }
    return before;
  }
}
