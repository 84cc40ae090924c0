package io.interstice.runtime.wasm;

import com.dylibso.chicory.runtime.TableFactory;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Table;
import com.dylibso.chicory.wasm.types.TableLimits;

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

  /**
   * A factory for the tables of one new instance, sharing one budget of {@code limit} elements.
   * Each table starts at the size its module declared, {@code declaredSizes[i]} for the i-th: a
   * Chicory table records its growth in the module's own table type, shared by every instance of
   * the module, so each instance gets a copy of the type instead.
   */
  static TableFactory factory(int limit, long[] declaredSizes) {
    var budget = new Budget(limit);
    var next = new int[1];
    return (table, initialValue) -> {
      int index = next[0]++;
      long declared = index < declaredSizes.length ? declaredSizes[index] : table.limits().min();
      var own =
          new Table(
              table.elementType(),
              new TableLimits(declared, table.limits().max()),
              table.initialize());
      return new CappedTable(own, initialValue, budget);
    };
  }

  /** The initial sizes {@code module} declares for its tables, before any instance grew one. */
  static long[] declaredSizes(WasmModule module) {
    var tables = module.tableSection();
    var sizes = new long[tables.tableCount()];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = tables.getTable(i).limits().min();
    }
    return sizes;
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
