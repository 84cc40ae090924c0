package io.interstice.runtime.module;

import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.module.ModuleActor.Call;
import io.interstice.runtime.module.ModuleActor.Deliver;
import io.interstice.runtime.module.ModuleActor.DueSchedule;
import io.interstice.runtime.module.ModuleActor.Failed;
import io.interstice.runtime.module.ModuleActor.Flush;
import io.interstice.runtime.module.ModuleActor.Queued;
import io.interstice.runtime.module.outbox.OutboxEntry;
import io.interstice.runtime.module.state.ModuleEvent;
import io.interstice.runtime.module.state.ModuleEvent.TxCommitted;
import io.interstice.runtime.module.state.ModuleState;
import io.interstice.runtime.module.state.Trigger;
import io.interstice.runtime.trace.BatchTrace;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.persistence.typed.javadsl.Effect;

/**
 * The queue of work waiting for the next batch — calls, deliveries, due schedules — and the batch
 * itself: a {@code Flush} the actor sends itself takes up to {@code max-batch} of them, has the
 * {@link WorkExecutor} run each, and persists all their events in one atomic write; callers, live
 * subscribers, consumed deliveries' senders and the outbox's targets hear of the batch only once it
 * is durable: once forced, which with pipelined writes may come after the acknowledgement, while
 * the next batch runs ({@link DurabilityGate}). Work that arrives while the write is in flight is
 * stashed by Pekko and forms the next batch (see {@code docs/runtime.md}).
 *
 * <p>Not thread-safe: confined to the module actor's thread.
 */
final class BatchRunner {
  /** The longest a throttled module's next batch waits. */
  static final Duration MAX_THROTTLE = Duration.ofSeconds(10);

  private final ModuleContext runtime;
  private final WorkExecutor executor;
  private final ScheduleTimer schedules;
  private final ArrayDeque<Queued> pending = new ArrayDeque<>();

  /** Calls of the batch being written, answered if the actor stops before it is durable. */
  private List<Call> inFlight = List.of();

  private boolean flushScheduled;

  /** Batches in a row that a trapping guest ran past batch-time; each doubles the next wait. */
  private int throttled;

  /** The tables can no longer be trusted: the actor restarts from its log; nothing more runs. */
  private boolean restarting;

  BatchRunner(ModuleContext runtime, WorkExecutor executor, ScheduleTimer schedules) {
    this.runtime = runtime;
    this.executor = executor;
    this.schedules = schedules;
  }

  /** What one flush executed, and whom to tell once its events are durable. */
  private static final class Batch {
    final List<ModuleEvent> events = new ArrayList<>();
    final List<Runnable> replies = new ArrayList<>();
    final List<Call> calls = new ArrayList<>();
    final List<Trigger.Delivery> consumed = new ArrayList<>();

    /** The batch's reducer trace; null (almost always) when no recording runs. */
    BatchTrace trace;
  }

  /** A call to a running module: queued for the next batch, unless its idempotency key is bad. */
  Effect<ModuleEvent, ModuleState> onCall(ModuleState state, Call call) {
    var badKey = runtime.idempotentCalls().admit(call);
    if (badKey != null) {
      runtime.answer(call, badKey);
    } else {
      enqueue(call);
    }
    return runtime.effects().none();
  }

  /** A delivery to a running module: queued, unless it is a duplicate or out of order. */
  Effect<ModuleEvent, ModuleState> onDeliver(ModuleState state, Deliver delivery) {
    var deliveries = runtime.deliveries();
    switch (deliveries.judge(state, delivery)) {
      case RUN:
        enqueue(delivery);
        break;
      case DUPLICATE:
        deliveries.acknowledgeDuplicate(delivery);
        break;
      default:
        break;
    }
    return runtime.effects().none();
  }

  void enqueue(Queued work) {
    pending.add(work);
    scheduleFlush();
  }

  /** Whether a {@code Flush} is on its way, which will log any waiting acknowledgements. */
  boolean flushScheduled() {
    return flushScheduled;
  }

  private long batchTime() {
    return runtime.settings().limits().batchTime().toNanos();
  }

  /**
   * A guest trapped in a batch that ran past {@code batch-time} (a guest looping until its time
   * limit, say): the module's next batch waits as long as this one ran, twice as long after the
   * next such batch, and so on up to {@link #MAX_THROTTLE}, until a batch runs without it. A module
   * that keeps doing it holds a thread ever less of the time.
   */
  private void throttle(long elapsedNanos) {
    flushScheduled = true;
    long wait = elapsedNanos << Math.min(throttled, 20);
    throttled++;
    var delay = Duration.ofNanos(Math.min(Math.max(wait, 0), MAX_THROTTLE.toNanos()));
    runtime.context().scheduleOnce(delay, runtime.context().getSelf(), Flush.INSTANCE);
  }

  private void scheduleFlush() {
    if (!flushScheduled) {
      flushScheduled = true;
      runtime.context().getSelf().tell(Flush.INSTANCE);
    }
  }

  Effect<ModuleEvent, ModuleState> onFlush(ModuleState state) {
    flushScheduled = false;
    if (restarting) {
      return runtime.effects().none();
    }
    var batch = new Batch();
    batch.trace = BatchTrace.start(runtime.name());
    long started = System.nanoTime();
    try {
      execute(state, batch, started);
    } catch (Throwable e) {
      return abandon(batch, e);
    }
    long elapsed = System.nanoTime() - started;
    int traps = executor.takeGuestTraps();
    runtime.metrics().trapped(traps);
    if (executor.tablesLost()) {
      restarting = true;
    } else if (traps > 0 && elapsed > batchTime()) {
      throttle(elapsed);
    } else {
      throttled = 0;
      if (!pending.isEmpty()) {
        scheduleFlush();
      }
    }
    if (batch.events.isEmpty()) {
      // Nothing to write, but the answers may have read state that is not forced yet.
      runtime.afterForce(
          () -> {
            batch.replies.forEach(Runnable::run);
            if (batch.trace != null) {
              batch.trace.replied();
            }
            restartIfLost();
          },
          () -> notDurable(batch.calls));
      return runtime.effects().none();
    }
    return persist(state, batch);
  }

  /**
   * A flush reached a module that is not running. Nothing is queued: only a running module takes
   * work, and leaving that stage (a removal) refuses what was queued.
   */
  Effect<ModuleEvent, ModuleState> onIdleFlush() {
    flushScheduled = false;
    failPending();
    return runtime.effects().none();
  }

  /**
   * Something outside any reducer failed half way through a batch (a fault of the host): the
   * batch's transactions may be partly applied to the tables and never logged, so none of it is
   * persisted, its callers hear it failed, and the actor restarts from its log.
   */
  private Effect<ModuleEvent, ModuleState> abandon(Batch batch, Throwable failure) {
    restarting = true;
    runtime
        .log()
        .error(
            "module {}: a batch failed outside its reducers; restarting", runtime.name(), failure);
    var failed =
        new Failed(
            ErrorKind.MODULE_FAILED,
            "module "
                + runtime.name()
                + " failed while running the call and restarts from its log; nothing of it was"
                + " committed");
    batch.calls.forEach(call -> runtime.answer(call, failed));
    restartIfLost();
    return runtime.effects().none();
  }

  /** After a batch whose failure lost the tables: the actor rebuilds them from its log. */
  private void restartIfLost() {
    if (restarting) {
      runtime.context().getSelf().tell(new ModuleActor.Restart(runtime.gate(), false));
    }
  }

  /**
   * Runs up to {@code max-batch} queued pieces of work, in queue order, stopping early when one
   * left the tables untrustworthy.
   */
  private void execute(ModuleState state, Batch batch, long started) {
    long budget = batchTime();
    for (int i = 0;
        i < runtime.settings().maxBatch()
            && !pending.isEmpty()
            && !executor.tablesLost()
            && System.nanoTime() - started < budget;
        i++) {
      var work = pending.poll();
      long began = batch.trace == null ? 0 : System.nanoTime();
      int from = batch.trace == null ? 0 : batch.events.size();
      if (work instanceof Call call) {
        batch.calls.add(call);
        batch.replies.add(executor.execute(state, call, batch.events));
        runtime.idempotentCalls().done(call);
      } else if (work instanceof DueSchedule due) {
        schedules.dequeued(due.id());
        executor.runSchedule(state, due.id(), batch.events);
      } else {
        var delivery = (Deliver) work;
        executor.consume(state, delivery, batch.events);
        batch.consumed.add(delivery.trigger());
      }
      if (batch.trace != null) {
        traced(batch.trace, work, began, batch.events, from);
      }
    }
  }

  private static void traced(
      BatchTrace trace, Queued work, long began, List<ModuleEvent> events, int from) {
    if (work instanceof Call call) {
      trace.ran(call.reducer(), Math.min(call.receivedNanos(), began), began, events, from);
    } else if (work instanceof Deliver delivery) {
      trace.ran(delivery.reducer(), began, began, events, from);
    } else {
      trace.ran("schedule " + ((DueSchedule) work).id(), began, began, events, from);
    }
  }

  /**
   * Persists the batch's events, with the acknowledgements waiting to be logged, in one write, and
   * tells everyone concerned once it is durable.
   */
  private Effect<ModuleEvent, ModuleState> persist(ModuleState state, Batch batch) {
    var deliveries = runtime.deliveries();
    var events = batch.events;
    events.addAll(deliveries.drainAcks());
    var sent = new ArrayList<OutboxEntry>();
    int transactions = 0;
    int succeeded = 0;
    for (var event : events) {
      if (event instanceof TxCommitted tx) {
        sent.addAll(tx.outbox());
        transactions++;
        succeeded += tx.error() == null ? 1 : 0;
      }
    }
    var metrics = runtime.metrics();
    int batchSize = transactions;
    int committed = succeeded;
    inFlight = batch.calls;
    var published = executor.drainPublished();
    var trace = batch.trace;
    if (trace != null) {
      trace.persisting();
    }
    return runtime
        .persistApplied(state, events)
        .thenRun(
            persisted -> {
              inFlight = List.of();
              if (trace != null) {
                trace.persisted();
              }
              // Acknowledged, maybe before its force: nobody hears of the batch until it is forced.
              runtime.afterForce(
                  () -> {
                    if (batchSize > 0) {
                      metrics.batchPersisted(batchSize, committed);
                    }
                    batch.replies.forEach(Runnable::run);
                    runtime.live().publish(published);
                    deliveries.consumedDurably(batch.consumed);
                    deliveries.sendNew(sent);
                    schedules.arm(persisted);
                    if (trace != null) {
                      trace.replied();
                    }
                    restartIfLost();
                  },
                  () -> notDurable(batch.calls));
            });
  }

  /** Answers {@code calls} that their transactions were not acknowledged as durable. */
  private void notDurable(List<Call> calls) {
    var unavailable = runtime.notDurable("call's transaction");
    calls.forEach(call -> runtime.answer(call, unavailable));
  }

  /**
   * The actor stopped: a batch whose write had not completed is not acknowledged (the journal
   * failed it, or the node is shutting down), so its callers hear it is unavailable.
   */
  void failInFlight() {
    notDurable(inFlight);
    inFlight = List.of();
  }

  /**
   * The actor stopped: queued calls are refused. Queued deliveries need no answer: their senders
   * resend them.
   */
  void failPending() {
    var notRun =
        new Failed(
            ErrorKind.UNAVAILABLE,
            "module "
                + runtime.name()
                + (restarting ? " restarted from its log" : " stopped")
                + " before running the call; nothing of it was committed");
    for (var work : pending) {
      if (work instanceof Call call) {
        runtime.answer(call, notRun);
      }
    }
    pending.clear();
    runtime.idempotentCalls().clear();
  }
}
