package io.interstice.sdk;

import java.time.Duration;
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
   * Calls a public reducer of another module after this transaction commits, exactly once (through
   * the module's outbox). The call is not made if this transaction fails; if the target refuses or
   * fails, its log records the failure and this transaction is unaffected.
   */
  <A> void call(ReducerRef<A> reducer, A args);

  /**
   * Runs {@code reducer} of this module once, {@code delay} after this transaction's timestamp,
   * with {@code args} (values of its parameters: {@code Long} for i64, …). The schedule is in the
   * log: it survives restarts, and one due while the module was down runs once when it is back. It
   * is made only if this transaction commits. The reducer may be private.
   *
   * @return the schedule's id, for {@link #cancelSchedule}
   * @throws ReducerException when the module has no such reducer or the arguments do not fit
   */
  long schedule(String reducer, Duration delay, Object... args);

  /**
   * Like {@link #schedule}, but runs {@code reducer} every {@code interval} until cancelled. Runs
   * missed while the module was down are not caught up: the next one runs once, then the schedule
   * goes on from there.
   */
  long scheduleRepeating(String reducer, Duration interval, Object... args);

  /** Cancels a schedule of this module (effective if this transaction commits); false if none. */
  boolean cancelSchedule(long scheduleId);

  /** Writes a line to the module's log, tagged with module, reducer and transaction. */
  void log(String message);
}
