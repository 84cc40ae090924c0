package io.interstice.runtime.module.state;

import java.util.Objects;

/**
 * What started a transaction, as its {@link ModuleEvent.TxCommitted} records it: a client's call, a
 * delivery from another module's outbox, a run of one of the module's schedules, or a lifecycle
 * reducer the runtime runs itself. The caller the reducer sees ({@code ctx.caller()}) follows from
 * it, so the log records the trigger and not the caller.
 *
 * <p>A delivery or a scheduled run is used up whatever its reducer does: when the reducer cannot
 * run, its failure is logged in its place, so it never runs twice ({@link #usedUpWhenFailed()}). A
 * client's call or a lifecycle reducer that fails is refused and leaves nothing in the log.
 */
public sealed interface Trigger {
  /** The caller recorded for lifecycle reducers, which the runtime itself starts. */
  String RUNTIME_CALLER = "runtime";

  /** The one lifecycle trigger. */
  Lifecycle LIFECYCLE = new Lifecycle();

  /** The identity the reducer sees as its caller. */
  String caller();

  /** Whether a run that fails is logged with its error (then without effects) and used up. */
  boolean usedUpWhenFailed();

  /**
   * A client called a public reducer as {@code caller}, an identity it chose, with an idempotency
   * key (null for none): a retry with the same key is answered with this transaction instead of
   * running again, while the module's {@link IdempotencyWindow} remembers it.
   */
  record ClientCall(String caller, String idempotencyKey) implements Trigger {
    public ClientCall {
      Objects.requireNonNull(caller, "caller");
    }

    /** A call without an idempotency key. */
    public ClientCall(String caller) {
      this(caller, null);
    }

    @Override
    public boolean usedUpWhenFailed() {
      return false;
    }
  }

  /**
   * Module {@code sender}'s outbox entry number {@code seq} to this module (a call, or a
   * subscription's delivery): consumed by this transaction. The reducer sees the caller {@code
   * module:<sender>}.
   */
  record Delivery(String sender, long seq) implements Trigger {
    public Delivery {
      Objects.requireNonNull(sender, "sender");
      if (seq < 1) {
        throw new IllegalArgumentException("outbox sequence numbers start at 1: " + seq);
      }
    }

    @Override
    public String caller() {
      return "module:" + sender;
    }

    @Override
    public boolean usedUpWhenFailed() {
      return true;
    }
  }

  /**
   * A run of the module's schedule {@code scheduleId}: a one-off schedule ends with it, a repeating
   * one moves to its next time. The reducer sees the caller {@code schedule:<id>}.
   */
  record ScheduledRun(long scheduleId) implements Trigger {
    public ScheduledRun {
      if (scheduleId < 1) {
        throw new IllegalArgumentException("schedule ids start at 1: " + scheduleId);
      }
    }

    @Override
    public String caller() {
      return "schedule:" + scheduleId;
    }

    @Override
    public boolean usedUpWhenFailed() {
      return true;
    }
  }

  /**
   * The module's init reducer, in the transaction that first deploys it, or its upgrade reducer, in
   * the transaction that installs a new version: the event before it in the same write ({@code
   * ModuleDeployed} or {@code ModuleUpgraded}) and the reducer's schema say which. The reducer sees
   * the caller {@value #RUNTIME_CALLER}.
   */
  record Lifecycle() implements Trigger {
    @Override
    public String caller() {
      return RUNTIME_CALLER;
    }

    @Override
    public boolean usedUpWhenFailed() {
      return false;
    }
  }
}
