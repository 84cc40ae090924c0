package io.interstice.runtime.module;

import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.javamodule.TableConstraintException;
import io.interstice.runtime.table.ConstraintViolationException;
import io.interstice.runtime.table.RowChange;
import io.interstice.runtime.table.Transaction;
import io.interstice.sdk.ReducerException;
import io.interstice.sdk.codec.RowCodec;
import io.interstice.sdk.schema.Persistence;
import io.interstice.sdk.schema.ReducerSchema;
import io.interstice.sdk.value.Type;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one reducer call as a transaction of a module: fixes the call's id, timestamp and random
 * seed, runs the code against a {@link Transaction} on the module's tables, and either commits it
 * into a {@link ModuleActor.TxCommitted} (changes of logged tables in the canonical row encoding)
 * or rolls it back and says why. Timestamps are strictly increasing per module, so two transactions
 * never share one. Used by one module actor only; not thread-safe.
 */
final class TransactionRunner {
  private static final Logger LOG = LoggerFactory.getLogger(TransactionRunner.class);

  private final String module;
  private final Clock clock;
  private final Map<ReducerSchema, List<Type>> paramTypes = new IdentityHashMap<>();

  TransactionRunner(String module, Clock clock) {
    this.module = module;
    this.clock = clock;
  }

  /** How a call ended: committed (not yet durable) or refused with nothing changed. */
  sealed interface Outcome {}

  record Succeeded(ModuleActor.TxCommitted event) implements Outcome {}

  record Refused(ErrorKind kind, String message) implements Outcome {}

  /**
   * Runs {@code reducer} with checked {@code args}. On success the tables hold the transaction's
   * writes and {@code state} its id; on failure both are exactly as before.
   */
  Outcome run(
      ModuleState state, LoadedModule code, ReducerSchema reducer, Object[] args, String caller) {
    long txId = state.lastTxId() + 1;
    long timestamp = Math.max(nowMicros(), state.lastTimestampMicros() + 1);
    long seed = seedOf(txId, timestamp);
    var transaction = Transaction.begin(state.tables());
    var environment =
        new TxEnvironment(
            module, reducer.name(), transaction, txId, instantOf(timestamp), seed, caller);
    try {
      code.runReducer(reducer, args, environment);
      var changes = logged(state, transaction.changes());
      var encodedArgs = RowCodec.encodeValues(typesOf(reducer), args);
      transaction.commit();
      state.commitLive(txId, timestamp);
      return new Succeeded(
          new ModuleActor.TxCommitted(
              txId, timestamp, seed, caller, reducer.name(), encodedArgs, changes));
    } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
      // Anything else (OutOfMemoryError, …) escapes: the actor stops and its state comes back
      // from the log, which never saw this transaction.
      transaction.rollback();
      return refusal(reducer, e);
    }
  }

  private Refused refusal(ReducerSchema reducer, Throwable failure) {
    var call = module + "." + reducer.name();
    if (failure instanceof TableConstraintException
        || failure instanceof ConstraintViolationException) {
      return new Refused(ErrorKind.CONSTRAINT_VIOLATION, call + ": " + failure.getMessage());
    }
    if (failure instanceof ReducerException) {
      return new Refused(ErrorKind.REDUCER_FAILED, failure.getMessage());
    }
    LOG.warn("{} failed; its transaction was rolled back", call, failure);
    return new Refused(ErrorKind.MODULE_FAILED, call + " failed: " + failure);
  }

  private static List<LoggedChange> logged(ModuleState state, List<RowChange> changes) {
    var logged = new ArrayList<LoggedChange>(changes.size());
    for (var change : changes) {
      var table = state.tableSchema(change.table());
      if (table.persistence() == Persistence.EPHEMERAL) {
        continue;
      }
      if (change instanceof RowChange.Inserted inserted) {
        logged.add(LoggedChange.insert(table.name(), RowCodec.encodeRow(table, inserted.row())));
      } else if (change instanceof RowChange.Updated updated) {
        logged.add(
            LoggedChange.update(
                table.name(),
                RowCodec.encodeRow(table, updated.oldRow()),
                RowCodec.encodeRow(table, updated.newRow())));
      } else {
        var deleted = (RowChange.Deleted) change;
        logged.add(LoggedChange.delete(table.name(), RowCodec.encodeRow(table, deleted.row())));
      }
    }
    return logged;
  }

  private List<Type> typesOf(ReducerSchema reducer) {
    return paramTypes.computeIfAbsent(reducer, ReducerSchema::paramTypes);
  }

  private long nowMicros() {
    var now = clock.instant();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  static Instant instantOf(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  /** SplitMix64's finalizer over id and time: well spread, and recorded in the log anyway. */
  static long seedOf(long txId, long timestampMicros) {
    long z = txId * 0x9E3779B97F4A7C15L ^ timestampMicros;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
