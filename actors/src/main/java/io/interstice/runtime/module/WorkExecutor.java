package io.interstice.runtime.module;

import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.module.ModuleActor.Call;
import io.interstice.runtime.module.ModuleActor.Committed;
import io.interstice.runtime.module.ModuleActor.Deliver;
import io.interstice.runtime.module.ModuleActor.Failed;
import io.interstice.runtime.module.code.Args;
import io.interstice.runtime.module.code.ArgsDecoder;
import io.interstice.runtime.module.code.BoundedText;
import io.interstice.runtime.module.code.LogContext;
import io.interstice.runtime.module.outbox.LiveSubscribers;
import io.interstice.runtime.module.outbox.OutboxEntry;
import io.interstice.runtime.module.state.IdempotencyWindow;
import io.interstice.runtime.module.state.ModuleEvent;
import io.interstice.runtime.module.state.ModuleEvent.TxCommitted;
import io.interstice.runtime.module.state.ModuleState;
import io.interstice.runtime.module.state.Trigger;
import io.interstice.runtime.module.tx.TransactionRunner;
import io.interstice.runtime.module.tx.WarningBudget;
import io.interstice.sdk.schema.Lifecycle;
import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.schema.ReducerSchema;
import io.interstice.sdk.schema.Visibility;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Executes one piece of queued work — a client's call, a delivery from another module, a due
 * schedule — as a transaction through the {@link TransactionRunner}, adding the event it leaves to
 * the batch being built. Deliveries and schedules are used up whatever happens (a failure is logged
 * in their place), calls are answered only once the batch is durable; see {@link BatchRunner}. It
 * also collects the committed transactions the live subscribers are to be told about.
 *
 * <p>Not thread-safe: confined to the module actor's thread, between a batch's start and its
 * persist.
 */
final class WorkExecutor {
  private final ModuleContext runtime;
  private final TransactionRunner runner;
  private final WarningBudget warnings;
  private final IdempotentCalls keys;

  /** The committed transactions of the batch being built, for live subscribers. */
  private List<LiveSubscribers.Published> published = new ArrayList<>();

  WorkExecutor(ModuleContext runtime, TransactionRunner runner) {
    this.runtime = runtime;
    this.runner = runner;
    this.warnings = runtime.warnings();
    this.keys = runtime.idempotentCalls();
  }

  /** Whether a failure left the tables untrustworthy: nothing more may run before a restart. */
  boolean tablesLost() {
    return runner.tablesLost();
  }

  /** How many calls into the guest trapped since the last time this was asked. */
  int takeGuestTraps() {
    return runner.takeGuestTraps();
  }

  /** Hands over the committed transactions collected so far and starts a new collection. */
  List<LiveSubscribers.Published> drainPublished() {
    var batch = published;
    published = new ArrayList<>();
    return batch;
  }

  /**
   * Runs one queued call, or finds the earlier outcome its idempotency key stands for; returns how
   * to answer it once the batch is durable.
   */
  Runnable execute(ModuleState state, Call call, List<ModuleEvent> events) {
    var reducer = publicReducer(state.schema(), call.reducer());
    if (reducer == null) {
      var failed = new Failed(ErrorKind.UNKNOWN_REDUCER, noReducer(state.schema(), call.reducer()));
      return () -> runtime.answer(call, failed);
    }
    Object[] args;
    try {
      args =
          ArgsDecoder.decode(runtime.name() + "." + reducer.name(), reducer.params(), call.args());
    } catch (ArgsDecoder.ArgsException e) {
      var failed = new Failed(ErrorKind.BAD_ARGUMENTS, e.getMessage());
      return () -> runtime.answer(call, failed);
    }
    var key = call.idempotencyKey();
    long fingerprint = 0;
    if (key != null) {
      fingerprint =
          IdempotencyWindow.fingerprint(
              call.caller(), reducer.name(), runner.encodeArgs(reducer, args));
      var earlier = keys.earlier(state, key, fingerprint, runner.nextTimestamp(state));
      if (earlier != null) {
        return () -> runtime.answer(call, earlier);
      }
    }
    var trigger = new Trigger.ClientCall(call.caller(), key);
    var outcome = runner.run(state, state.loaded(), reducer, args, trigger);
    if (outcome instanceof TransactionRunner.Refused refused) {
      var failed = new Failed(refused.kind(), refused.message());
      if (key != null) {
        keys.refused(key, fingerprint, failed);
      }
      return () -> runtime.answer(call, failed);
    }
    var event = published((TransactionRunner.Succeeded) outcome);
    events.add(event);
    var committed = new Committed(event.txId(), event.timestampMicros());
    return () -> runtime.answer(call, committed);
  }

  /**
   * Runs one delivery. Whatever happens it is consumed: a reducer that cannot run (unknown, wrong
   * arguments, failing) is logged as a consumed delivery with its error, so it never runs twice.
   */
  void consume(ModuleState state, Deliver delivery, List<ModuleEvent> events) {
    var reducer =
        delivery.kind() == OutboxEntry.Kind.CALL
            ? publicReducer(state.schema(), delivery.reducer())
            : state.schema().reducer(delivery.reducer()).orElse(null);
    var outcome =
        runTriggered(
            state,
            delivery.reducer(),
            reducer,
            delivery.args(),
            delivery.trigger(),
            delivery.depth());
    record(
        outcome,
        events,
        () ->
            "delivery "
                + delivery.sender()
                + " #"
                + delivery.seq()
                + " ("
                + delivery.cause()
                + ") to "
                + delivery.reducer());
  }

  /**
   * Runs a due schedule. Whatever happens the run is used up (a one-off schedule ends, a repeating
   * one moves to its next time): a reducer that cannot run is logged with its error.
   */
  void runSchedule(ModuleState state, long id, List<ModuleEvent> events) {
    var schedule = state.schedules().get(id);
    if (schedule == null) {
      return; // cancelled after it was queued
    }
    var reducer = state.schema().reducer(schedule.reducer()).orElse(null);
    var outcome =
        runTriggered(
            state,
            schedule.reducer(),
            reducer,
            schedule.args(),
            new Trigger.ScheduledRun(id),
            TransactionRunner.CHAIN_START);
    record(outcome, events, () -> "schedule " + id + " of " + schedule.reducer());
  }

  /**
   * Runs the reducer of a delivery or schedule ({@code reducer} null if there is none of that name)
   * with arguments given as a JSON array, {@code depth} deliveries down a chain; one that cannot
   * run is used up with its error on record.
   */
  private TransactionRunner.Outcome runTriggered(
      ModuleState state,
      String reducerName,
      ReducerSchema reducer,
      byte[] argsJson,
      Trigger trigger,
      int depth) {
    if (reducer == null) {
      return runner.usedUpWithError(
          state,
          reducerName,
          trigger,
          ErrorKind.UNKNOWN_REDUCER,
          noReducer(state.schema(), reducerName));
    }
    try {
      var args =
          ArgsDecoder.decode(
              runtime.name() + "." + reducer.name(),
              reducer.params(),
              new Args.Json(new String(argsJson, StandardCharsets.UTF_8)));
      return runner.run(state, state.loaded(), reducer, args, trigger, depth);
    } catch (ArgsDecoder.ArgsException e) {
      return runner.usedUpWithError(
          state, reducer.name(), trigger, ErrorKind.BAD_ARGUMENTS, e.getMessage());
    }
  }

  /**
   * Adds the event of a delivery's or schedule's run to the batch: the record of its failure, which
   * is logged too since no caller waits for it, or its committed transaction.
   */
  private void record(
      TransactionRunner.Outcome outcome, List<ModuleEvent> events, Supplier<String> what) {
    if (outcome instanceof TransactionRunner.Refused refused) {
      int maxLine = runtime.settings().limits().maxMessageLength() + 256;
      // Cut as a whole: a delivery's reducer name and cause come from another module.
      if (warnings.allow(runtime.log())) {
        var line = BoundedText.cut(what.get() + " failed: " + refused.message(), maxLine);
        var tx = refused.record();
        LogContext.log(
            runtime.name(),
            tx == null ? null : tx.reducer(),
            tx == null ? -1 : tx.txId(),
            () -> runtime.log().warn("module {}: {}", runtime.name(), line));
      }
      events.add(refused.record());
    } else {
      events.add(published((TransactionRunner.Succeeded) outcome));
    }
  }

  /** Notes a committed transaction for live subscribers; returns its event. */
  private TxCommitted published(TransactionRunner.Succeeded succeeded) {
    if (!runtime.live().isEmpty()) {
      published.add(new LiveSubscribers.Published(succeeded.event().txId(), succeeded.changes()));
    }
    return succeeded.event();
  }

  private static ReducerSchema publicReducer(ModuleSchema schema, String reducerName) {
    var reducer = schema.reducer(reducerName).orElse(null);
    if (reducer == null
        || reducer.visibility() != Visibility.PUBLIC
        || reducer.lifecycle() != Lifecycle.NONE) {
      return null;
    }
    return reducer;
  }

  private String noReducer(ModuleSchema schema, String reducerName) {
    var names = new ArrayList<String>();
    for (var reducer : schema.reducers()) {
      if (publicReducer(schema, reducer.name()) != null) {
        names.add(reducer.name());
      }
    }
    return "module "
        + runtime.name()
        + " has no public reducer named "
        + reducerName
        + " (public reducers: "
        + String.join(", ", names)
        + ")";
  }
}
