package io.interstice.runtime.module.code;

import io.interstice.runtime.table.ModuleTables;
import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.schema.QuerySchema;
import io.interstice.sdk.schema.ReducerSchema;

/**
 * A module's code, loaded and ready to run reducers and queries, whatever language it is written
 * in. Reducers run inside a transaction given by the runtime and must change tables only through
 * it; queries get the committed tables. Implementations are used by one module actor at a time.
 */
public interface LoadedModule {

  ModuleCode code();

  /** The schema the code describes. */
  ModuleSchema schema();

  /**
   * Runs a reducer. Arguments are valid values of its parameter types. Whatever the module code
   * throws passes through; the caller rolls the transaction back.
   */
  void runReducer(ReducerSchema reducer, Object[] args, TxEnvironment environment);

  /**
   * Runs a query over committed tables and returns a value of its result type. Whatever the module
   * code throws passes through.
   */
  Object runQuery(QuerySchema query, Object[] args, ModuleTables tables, String caller);

  /**
   * How the code runs, for operators: {@code java} for a Java module; for WebAssembly {@code
   * compiled}, {@code interpreter}, or {@code interpreter (…)} with the reason it is not compiled
   * (yet).
   */
  default String engine() {
    return "java";
  }

  /**
   * Whether {@code failure}, thrown by {@link #runReducer}, is a trap of this code's guest (it
   * broke a limit or faulted on its own): such failures count against the module's fair share of
   * the node's threads.
   */
  default boolean trapped(Throwable failure) {
    return false;
  }
}
