package io.interstice.sdk;

import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * What a reducer may use besides its arguments: its module's tables, the transaction's time and
 * randomness, the caller's identity, calls to other modules and a log. Time and randomness come
 * only from here because both are recorded in the log, which keeps reducers deterministic and their
 * transactions re-checkable. Valid only during the call, on the calling thread.
 */
public interface ReducerContext {

  /** The transaction's timestamp, fixed for the whole call. */
  Instant timestamp();

  /** A generator seeded per transaction (the seed is logged), so replays draw the same numbers. */
  RandomGenerator random();

  /** Who called: a client identity, or {@code module:<name>} for calls and subscriptions. */
  String caller();

  /**
   * The table whose row type is {@code rowType}, within this transaction.
   *
   * @throws ModuleDefinitionException if {@code rowType} is not a table of this module
   */
  <T extends Record> TableHandle<T> table(Class<T> rowType);

  /**
   * Calls a reducer of another module after this transaction commits (through the outbox, exactly
   * once). The call is not made if this transaction fails. Placeholder: the delivery contract is
   * fixed by the runtime.
   */
  <A> void call(ReducerRef<A> reducer, A args);

  /** Writes a line to the module's log, tagged with module, reducer and transaction. */
  void log(String message);
}
