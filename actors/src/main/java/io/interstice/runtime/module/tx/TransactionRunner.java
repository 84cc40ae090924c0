package io.interstice.runtime.module.tx;

import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.IntersticeException;
import io.interstice.runtime.module.code.BoundedText;
import io.interstice.runtime.module.code.LoadedModule;
import io.interstice.runtime.module.code.LogContext;
import io.interstice.runtime.module.code.Micros;
import io.interstice.runtime.module.code.ModuleLimitException;
import io.interstice.runtime.module.code.ModuleLimits;
import io.interstice.runtime.module.outbox.Outbox;
import io.interstice.runtime.module.outbox.OutboxEntry;
import io.interstice.runtime.module.outbox.SubscriptionPayloads;
import io.interstice.runtime.module.state.LoggedChange;
import io.interstice.runtime.module.state.ModuleEvent;
import io.interstice.runtime.module.state.ModuleState;
import io.interstice.runtime.module.state.Trigger;
import io.interstice.runtime.table.RowChange;
import io.interstice.runtime.table.Transaction;
import io.interstice.sdk.codec.RowCodec;
import io.interstice.sdk.schema.Persistence;
import io.interstice.sdk.schema.ReducerSchema;
import io.interstice.sdk.value.Type;
import java.time.Clock;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one reducer call as a transaction of a module: fixes the call's id, timestamp and random
 * seed, runs the code against a {@link Transaction} on the module's tables, and either commits it
 * into a {@link ModuleEvent.TxCommitted} — changes of logged tables in the canonical row encoding,
 * plus the outbox entries its calls and the subscriptions to its changes produce — or rolls it back
 * and says why. Timestamps are strictly increasing per module, so two transactions never share one.
 * Used by one module actor only; not thread-safe.
 */
public final class TransactionRunner {
  private static final Logger LOG = LoggerFactory.getLogger(TransactionRunner.class);

  private final String module;
  private final Clock clock;
  private final int maxDepth;
  private final ModuleLimits limits;
  private final Map<ReducerSchema, List<Type>> paramTypes = new IdentityHashMap<>();
  private final SubscriptionPayloads payloads = new SubscriptionPayloads();
  private final WarningBudget warnings;
  private boolean tablesLost;
  private int guestTraps;

  public TransactionRunner(
      String module, Clock clock, int maxDepth, ModuleLimits limits, WarningBudget warnings) {
    this.module = module;
    this.warnings = warnings;
    this.clock = clock;
    this.maxDepth = maxDepth;
    this.limits = limits;
  }

  /** How a call ended: committed (not yet durable) or refused with nothing changed. */
  public sealed interface Outcome {}

  /** Committed: the event to persist and every row change, ephemeral tables included. */
  public record Succeeded(ModuleEvent.TxCommitted event, List<RowChange> changes)
      implements Outcome {}

  /**
   * Refused: nothing changed. For a trigger that is used up when it fails (a delivery or a
   * scheduled run) {@code record} is the transaction that logs its use and the error; for a
   * client's call or a lifecycle reducer it is null.
   */
  public record Refused(ErrorKind kind, String message, ModuleEvent.TxCommitted record)
      implements Outcome {}

  /** How many deliveries led to a client's call, a schedule's run or a lifecycle reducer: none. */
  public static final int CHAIN_START = 0;

  /**
   * Runs {@code reducer} with checked {@code args} as a transaction that starts a chain of
   * deliveries (its outbox entries are its first step); see {@link #run(ModuleState, LoadedModule,
   * ReducerSchema, Object[], Trigger, int)}.
   */
  public Outcome run(
      ModuleState state, LoadedModule code, ReducerSchema reducer, Object[] args, Trigger trigger) {
    return run(state, code, reducer, args, trigger, CHAIN_START);
  }

  /**
   * Runs {@code reducer} with checked {@code args}. On success the tables hold the transaction's
   * writes and {@code state} its id and outbox entries; on failure both are exactly as before,
   * except that a trigger that is used up when it fails is marked used.
   *
   * @param depth how many deliveries led to this call ({@link #CHAIN_START} for none); its outbox
   *     entries are one step further
   */
  public Outcome run(
      ModuleState state,
      LoadedModule code,
      ReducerSchema reducer,
      Object[] args,
      Trigger trigger,
      int depth) {
    long txId = state.lastTxId() + 1;
    long timestamp = nextTimestamp(state);
    long seed = seedOf(txId, timestamp);
    var transaction = Transaction.begin(state.tables());
    var environment =
        new ReducerEnvironment(
            module,
            reducer.name(),
            transaction,
            txId,
            Micros.toInstant(timestamp),
            seed,
            trigger.caller(),
            state.schedules(),
            limits);
    try {
      code.runReducer(reducer, args, environment);
      var changes = transaction.changes();
      var logged = logged(state, changes);
      var outbox = outbox(state, environment, changes, depth);
      var encodedArgs = encodeArgs(reducer, args);
      var committedChanges = transaction.commit();
      var event =
          new ModuleEvent.TxCommitted(
              txId,
              timestamp,
              seed,
              trigger,
              reducer.name(),
              encodedArgs,
              logged,
              outbox,
              environment.scheduled(),
              environment.cancelled(),
              null);
      state.commitLive(event);
      return new Succeeded(event, committedChanges);
    } catch (Throwable e) {
      // Whatever the failure, the caller gets an answer and the transaction is undone. When the
      // tables cannot be trusted after it (see GuestFailures.losesTables), the module's actor
      // restarts from the log once the batch's earlier transactions are durable.
      undo(code, transaction, e);
      var refused = refusal(reducer.name(), txId, e);
      if (!trigger.usedUpWhenFailed()) {
        return refused;
      }
      return usedUpWithError(state, reducer.name(), trigger, refused.kind(), refused.message());
    }
  }

  /**
   * Logs that a delivery or scheduled run was used up although its reducer could not run (unknown
   * reducer, bad arguments, a failure): it never runs again, and the error is on record — cut to
   * max-message-length, since a repeating schedule can fail often and the log keeps every record.
   *
   * @throws IllegalArgumentException when {@code trigger} is not used up when it fails
   */
  public Refused usedUpWithError(
      ModuleState state, String reducer, Trigger trigger, ErrorKind kind, String fullMessage) {
    var message = BoundedText.cut(fullMessage, limits.maxMessageLength());
    long txId = state.lastTxId() + 1;
    long timestamp = nextTimestamp(state);
    var event =
        ModuleEvent.TxCommitted.failed(
            txId, timestamp, seedOf(txId, timestamp), trigger, reducer, kind + ": " + message);
    state.commitLive(event);
    return new Refused(kind, message, event);
  }

  /**
   * Whether a failure left the tables in a state no undo can trust; the module must then be rebuilt
   * from its log before it runs anything else.
   */
  public boolean tablesLost() {
    return tablesLost;
  }

  /** How many calls into the guest trapped since the last time this was asked; forgets them. */
  public int takeGuestTraps() {
    int traps = guestTraps;
    guestTraps = 0;
    return traps;
  }

  private void undo(LoadedModule code, Transaction transaction, Throwable failure) {
    if (code.trapped(failure)) {
      guestTraps++;
    }
    if (GuestFailures.losesTables(failure)) {
      tablesLost = true;
    }
    if (!transaction.isOpen()) {
      return; // a write stopped half way closed it: only the log can restore the tables
    }
    try {
      transaction.rollback();
    } catch (Throwable undoFailure) {
      tablesLost = true;
      failure.addSuppressed(undoFailure);
    }
  }

  /** Why a call failed, its message cut to max-message-length: the module wrote much of it. */
  private Refused refusal(String reducer, long txId, Throwable failure) {
    var call = module + "." + reducer;
    int max = limits.maxMessageLength();
    var message = BoundedText.cut(failure.getMessage(), max);
    var kind = IntersticeException.kindOf(failure);
    if (kind == ErrorKind.CONSTRAINT_VIOLATION) {
      return new Refused(kind, BoundedText.cut(call + ": " + message, max), null);
    }
    if (kind == ErrorKind.REDUCER_FAILED || failure instanceof DeliveryDepthException) {
      return new Refused(kind, message, null);
    }
    if (failure instanceof ModuleLimitException) {
      // The module asked for more than its limits allow: its own doing, no host stack to show.
      return new Refused(
          ErrorKind.MODULE_FAILED, BoundedText.cut(call + " failed: " + message, max), null);
    }
    var described = BoundedText.cut(GuestFailures.describe(call, failure), max);
    if (!warnings.allow(LOG)) {
      return new Refused(ErrorKind.MODULE_FAILED, described, null);
    }
    LogContext.log(
        module,
        reducer,
        txId,
        () ->
            GuestFailures.warn(LOG, described + "; its transaction was rolled back", failure, max));
    return new Refused(ErrorKind.MODULE_FAILED, described, null);
  }

  /**
   * The changes of logged tables among {@code changes}, in the canonical row encoding: what a
   * transaction's {@code TxCommitted} holds (the determinism checker compares re-runs with it).
   */
  public static List<LoggedChange> logged(ModuleState state, List<RowChange> changes) {
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

  /**
   * The outbox entries of a committed transaction: its calls, in order, then one delivery per
   * subscription matching each change, in change order. Numbered per target from the state's
   * outbox, which {@link ModuleState#commitLive} then advances.
   */
  private List<OutboxEntry> outbox(
      ModuleState state, ReducerEnvironment environment, List<RowChange> changes, int depth) {
    if (environment.calls().isEmpty() && state.subscribers().isEmpty()) {
      // nothing can produce an entry
      return List.of();
    }
    var entries = new ArrayList<OutboxEntry>();
    var numbering = new OutboxNumbering(state.outbox());
    var cause = module + "." + environment.reducer();
    for (var call : environment.calls()) {
      entries.add(
          entry(
              numbering,
              call.module(),
              OutboxEntry.Kind.CALL,
              call.reducer(),
              call.argsJson(),
              depth,
              cause));
    }
    for (var change : changes) {
      var targets = state.subscribers().matching(change.table(), payloads.eventOf(change));
      if (targets.isEmpty()) {
        continue;
      }
      // One encoding of the row for all subscribers: entries never change their arguments.
      var args = payloads.argsOf(state.tableSchema(change.table()), change);
      for (var target : targets) {
        entries.add(
            entry(
                numbering,
                target.module(),
                OutboxEntry.Kind.EVENT,
                target.reducer(),
                args,
                depth,
                target.pattern()));
      }
    }
    return entries;
  }

  private OutboxEntry entry(
      OutboxNumbering numbering,
      String target,
      OutboxEntry.Kind kind,
      String reducer,
      byte[] args,
      int depth,
      String cause) {
    if (depth + 1 > maxDepth) {
      throw new DeliveryDepthException(
          module
              + ": "
              + cause
              + " would send "
              + target
              + "."
              + reducer
              + " as step "
              + (depth + 1)
              + " of a chain of subscriptions and calls, over the limit of "
              + maxDepth
              + " (interstice.module.max-delivery-depth); is there a cycle?");
    }
    return new OutboxEntry(target, numbering.next(target), kind, reducer, args, depth + 1, cause);
  }

  /**
   * The timestamp the module's next transaction gets: now, but always after the module's last
   * transaction, so that no two share a timestamp.
   */
  public long nextTimestamp(ModuleState state) {
    return Math.max(Micros.now(clock), state.lastTimestampMicros() + 1);
  }

  /** Checked {@code args} of {@code reducer} in the canonical encoding its transaction logs. */
  public byte[] encodeArgs(ReducerSchema reducer, Object[] args) {
    return RowCodec.encodeValues(typesOf(reducer), args);
  }

  private List<Type> typesOf(ReducerSchema reducer) {
    return paramTypes.computeIfAbsent(reducer, ReducerSchema::paramTypes);
  }

  /** SplitMix64's finalizer over id and time: well spread, and recorded in the log anyway. */
  static long seedOf(long txId, long timestampMicros) {
    long z = txId * 0x9E3779B97F4A7C15L ^ timestampMicros;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Thrown when a chain of deliveries grows past the configured depth. */
  static final class DeliveryDepthException extends IntersticeException {
    private static final long serialVersionUID = 1L;

    DeliveryDepthException(String message) {
      super(ErrorKind.MODULE_FAILED, message);
    }
  }

  /** Sequence numbers for one transaction's entries, continuing the outbox's per target. */
  private static final class OutboxNumbering {
    private final Outbox outbox;
    private final Map<String, Long> used = new java.util.HashMap<>();

    OutboxNumbering(Outbox outbox) {
      this.outbox = outbox;
    }

    long next(String target) {
      long seq = used.containsKey(target) ? used.get(target) + 1 : outbox.nextSeq(target);
      used.put(target, seq);
      return seq;
    }
  }
}
