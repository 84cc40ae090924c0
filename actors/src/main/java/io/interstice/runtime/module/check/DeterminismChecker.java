package io.interstice.runtime.module.check;

import io.interstice.runtime.module.code.LoadedModule;
import io.interstice.runtime.module.code.Micros;
import io.interstice.runtime.module.code.ModuleLimits;
import io.interstice.runtime.module.code.ModuleLoaders;
import io.interstice.runtime.module.state.ModuleEvent;
import io.interstice.runtime.module.state.ModuleState;
import io.interstice.runtime.module.tx.ReducerEnvironment;
import io.interstice.runtime.module.tx.TransactionRunner;
import io.interstice.runtime.table.Transaction;
import io.interstice.sdk.codec.RowCodec;

/**
 * The determinism checker: rebuilds a module's state from its log event by event and, before it
 * applies a committed transaction, runs the transaction's reducer again from its logged inputs
 * (arguments, timestamp, random seed, caller) on the state so far, with the runtime's own reducer
 * environment and the module's own code, then compares what the re-run wrote, called and scheduled
 * with what the log holds. The re-run is rolled back and the logged transaction applied as replay
 * would, so one divergence does not cascade into the next transactions.
 *
 * <p>What it cannot re-run it counts as skipped: a delivery or scheduled run logged with its error
 * (its arguments are not logged). Ephemeral tables are not in the log, so a reducer that reads them
 * may differ on re-run for that reason alone.
 *
 * <p>Not thread-safe: one checker runs one module's history on one thread.
 */
public final class DeterminismChecker {
  private final ModuleLoaders loaders;
  private final ModuleLimits limits;
  private final ModuleState state;
  private LoadedModule code;
  private long checked;
  private long skipped;

  private DeterminismChecker(ModuleState state, ModuleLoaders loaders, ModuleLimits limits) {
    this.state = state;
    this.loaders = loaders;
    this.limits = limits;
  }

  /** A checker for module {@code name}'s whole history, from its first event. */
  public static DeterminismChecker fromStart(
      String name, ModuleLoaders loaders, ModuleLimits limits) {
    return new DeterminismChecker(ModuleState.empty(name), loaders, limits);
  }

  /**
   * A checker that goes on from {@code snapshot}, the module's state restored from a snapshot, for
   * a log whose earlier events were deleted once the snapshot covered them.
   */
  public static DeterminismChecker fromSnapshot(
      ModuleState snapshot, ModuleLoaders loaders, ModuleLimits limits) {
    var checker = new DeterminismChecker(snapshot, loaders, limits);
    if (snapshot.deployed()) {
      checker.code = checker.load();
    }
    return checker;
  }

  /** Transactions re-run so far. */
  public long checked() {
    return checked;
  }

  /** Transactions that could not be re-run (failed deliveries and scheduled runs). */
  public long skipped() {
    return skipped;
  }

  /** The id of the last transaction applied. */
  public long lastTxId() {
    return state.lastTxId();
  }

  /**
   * Checks the next event of the module's log, then applies it; the events of a batch one by one.
   *
   * @return how the re-run of a committed transaction differs from its record, or null when it does
   *     not (or the event is no transaction)
   * @throws ReplayCheckException when the event cannot be applied, or code cannot be loaded
   */
  public Divergence check(ModuleEvent event) {
    if (event instanceof ModuleEvent.Batch batch) {
      for (var inner : batch.events()) {
        var divergence = check(inner);
        if (divergence != null) {
          return divergence;
        }
      }
      return null;
    }
    Divergence divergence = null;
    if (event instanceof ModuleEvent.TxCommitted tx) {
      divergence = rerun(tx);
    }
    state.apply(event);
    if (state.failed()) {
      throw new ReplayCheckException(state.failure().reason());
    }
    if (event instanceof ModuleEvent.ModuleDeployed
        || event instanceof ModuleEvent.ModuleUpgraded) {
      code = load();
    }
    return divergence;
  }

  private LoadedModule load() {
    try {
      return loaders.recovered(state.code(), state.schema());
    } catch (RuntimeException e) {
      throw new ReplayCheckException(
          "module " + state.name() + ": cannot load " + state.code().describe() + ": " + e, e);
    }
  }

  private Divergence rerun(ModuleEvent.TxCommitted tx) {
    if (tx.error() != null || !state.deployed()) {
      skipped++; // a used-up failure logs no arguments; no deploy is the log's problem (apply)
      return null;
    }
    var reducer = state.schema().reducer(tx.reducer()).orElse(null);
    if (reducer == null) {
      throw new ReplayCheckException(
          "transaction " + tx.txId() + " ran reducer " + tx.reducer() + ", which the schema lacks");
    }
    checked++;
    var args = RowCodec.decodeValues(reducer.paramTypes(), tx.args());
    var transaction = Transaction.begin(state.tables());
    var environment =
        new ReducerEnvironment(
            state.name(),
            reducer.name(),
            transaction,
            tx.txId(),
            Micros.toInstant(tx.timestampMicros()),
            tx.seed(),
            tx.caller(),
            state.schedules(),
            limits);
    try {
      code.runReducer(reducer, args, environment);
      var changes = TransactionRunner.logged(state, transaction.changes());
      return EffectComparison.of(state, tx).compare(changes, environment);
    } catch (RuntimeException | StackOverflowError e) {
      return EffectComparison.failed(tx, e);
    } finally {
      if (transaction.isOpen()) {
        transaction.rollback();
      }
    }
  }
}
