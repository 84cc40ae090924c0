package io.interstice.runtime.module.code;

import io.interstice.runtime.table.Transaction;
import java.time.Instant;

/**
 * What a reducer call sees of the runtime besides its arguments: the open transaction, the recorded
 * inputs of the call (transaction id, timestamp, random seed, caller), and the ways it reaches
 * beyond its tables — calls to other modules and schedules of its own reducers, sent or made only
 * if the transaction commits. Everything a reducer may learn from outside comes from here and is in
 * the logged transaction, so the call can be re-run and checked later. The calls and schedules a
 * reducer asks for are held to the module's {@link ModuleLimits}, where WebAssembly and Java
 * modules both pass: one that breaks a limit throws {@link ModuleLimitException}, which fails the
 * reducer. Implemented by the transaction engine; confined to the call's thread.
 */
public interface TxEnvironment {
  /** The module the reducer belongs to. */
  String module();

  /** The reducer being run. */
  String reducer();

  /** The transaction the reducer's table writes go through. */
  Transaction transaction();

  long txId();

  Instant timestamp();

  /** The seed of the call's random generator. */
  long seed();

  /** Who the reducer sees as its caller. */
  String caller();

  /** The limits the module's calls are held to: also those of its messages and log lines. */
  ModuleLimits limits();

  /**
   * Queues a call to {@code targetModule.targetReducer} with its arguments as a JSON array, sent
   * only if the transaction commits.
   *
   * @throws ModuleLimitException if a name can be no module's or reducer's (it could never be
   *     delivered, only resent), the arguments are too large, or the transaction made too many
   *     calls
   */
  void call(String targetModule, String targetReducer, byte[] argsJson);

  /**
   * Whether a call to {@code targetModule.targetReducer} with {@code argsLength} bytes of arguments
   * would be accepted by {@link #call}, checked before the arguments are even parsed.
   *
   * @throws ModuleLimitException if it would not
   */
  void checkCall(String targetModule, String targetReducer, long argsLength);

  /**
   * Creates a schedule of {@code targetReducer} due {@code delayMicros} after this transaction's
   * timestamp (and then every {@code intervalMicros}, if positive); returns its id.
   *
   * @throws ModuleLimitException if the delay is beyond max-schedule-ahead, the interval below
   *     min-schedule-interval, or the module would hold more than max-pending-schedules
   */
  long schedule(String targetReducer, byte[] argsJson, long delayMicros, long intervalMicros);

  /** Cancels a schedule, one made earlier or in this transaction; false if there is none. */
  boolean cancel(long id);
}
