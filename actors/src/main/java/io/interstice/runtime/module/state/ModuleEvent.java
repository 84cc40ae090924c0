package io.interstice.runtime.module.state;

import io.interstice.journal.serialization.KryoSerialized;
import io.interstice.runtime.module.code.ModuleCode;
import io.interstice.runtime.module.outbox.OutboxEntry;
import io.interstice.runtime.module.schedule.Schedule;
import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.schema.SubscriptionSchema;
import java.util.List;
import java.util.Objects;

/**
 * What a module's log holds: the events its actor persists and replays. They are the log's
 * vocabulary, shared by the actor, the transaction engine that makes them, replay, the serializers
 * ({@code io.interstice.runtime.module.serialization}, byte layouts in {@code docs/runtime.md}) and
 * the offline tools, so they live beside the module's state rather than inside its actor.
 */
public sealed interface ModuleEvent extends KryoSerialized {

  /** The module was deployed with this code and schema (the schema carries the version). */
  public record ModuleDeployed(ModuleCode code, ModuleSchema schema, long timestampMicros)
      implements ModuleEvent {
    public ModuleDeployed {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(schema, "schema");
    }
  }

  /**
   * A committed transaction: id (1, 2, … per module), timestamp (microseconds since the epoch), the
   * seed of its random generator, what triggered it (which fixes the caller its reducer saw),
   * reducer, arguments in the canonical value encoding of the reducer's parameters, the changes to
   * logged tables, the messages it leaves for other modules (delivered once it is durable), the
   * schedules it creates and cancels, and, for a delivery or scheduled run whose reducer failed,
   * the error (then it has no other effects: the trigger is used up, with its failure on record).
   */
  public record TxCommitted(
      long txId,
      long timestampMicros,
      long seed,
      Trigger trigger,
      String reducer,
      byte[] args,
      List<LoggedChange> changes,
      List<OutboxEntry> outbox,
      List<Schedule> scheduled,
      List<Long> cancelled,
      String error)
      implements ModuleEvent {
    public TxCommitted {
      Objects.requireNonNull(trigger, "trigger");
      Objects.requireNonNull(reducer, "reducer");
      Objects.requireNonNull(args, "args");
      changes = List.copyOf(changes);
      outbox = List.copyOf(outbox);
      scheduled = List.copyOf(scheduled);
      cancelled = List.copyOf(cancelled);
      boolean effects =
          !changes.isEmpty() || !outbox.isEmpty() || !scheduled.isEmpty() || !cancelled.isEmpty();
      if (error != null && (!trigger.usedUpWhenFailed() || effects)) {
        throw new IllegalArgumentException(
            "only a delivery or scheduled run is logged with an error, and then without effects;"
                + " found "
                + trigger);
      }
    }

    /** A transaction that changed only rows: no messages, no schedules, no error. */
    public TxCommitted(
        long txId,
        long timestampMicros,
        long seed,
        Trigger trigger,
        String reducer,
        byte[] args,
        List<LoggedChange> changes) {
      this(
          txId,
          timestampMicros,
          seed,
          trigger,
          reducer,
          args,
          changes,
          List.of(),
          List.of(),
          List.of(),
          null);
    }

    /**
     * A delivery or scheduled run used up although its reducer could not run: no arguments, no
     * effects, and the {@code error} on record.
     */
    public static TxCommitted failed(
        long txId, long timestampMicros, long seed, Trigger trigger, String reducer, String error) {
      Objects.requireNonNull(error, "error");
      return new TxCommitted(
          txId,
          timestampMicros,
          seed,
          trigger,
          reducer,
          new byte[0],
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          error);
    }

    /** The caller the reducer saw, which follows from the trigger. */
    public String caller() {
      return trigger.caller();
    }
  }

  /**
   * A new version of the module was installed over the running one: its tables were carried over to
   * the new schema ({@code ModuleTables.migrate}, deterministic, so replay repeats it), and the
   * {@code TxCommitted} of its upgrade reducer, if any, follows in the same atomic write.
   */
  public record ModuleUpgraded(ModuleCode code, ModuleSchema schema, long timestampMicros)
      implements ModuleEvent {
    public ModuleUpgraded {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(schema, "schema");
    }
  }

  /** The module was removed: its code, tables, schedules and unsent messages are gone. */
  public record ModuleRemoved(long timestampMicros) implements ModuleEvent {}

  /** Another module subscribed to this module's tables; an empty list ends its subscriptions. */
  public record SubscriptionsChanged(String subscriber, List<SubscriptionSchema> subscriptions)
      implements ModuleEvent {
    public SubscriptionsChanged {
      Objects.requireNonNull(subscriber, "subscriber");
      subscriptions = List.copyOf(subscriptions);
    }
  }

  /** {@code target} has consumed this module's outbox entries to it up to {@code upTo}. */
  public record OutboxAcknowledged(String target, long upTo) implements ModuleEvent {
    public OutboxAcknowledged {
      Objects.requireNonNull(target, "target");
    }
  }

  /**
   * Several transactions and outbox acknowledgements persisted by one write, in the order they
   * happened: one log event, one sequence number and one acknowledgement from the journal for a
   * whole batch of calls instead of one per transaction. Replay applies them one by one, exactly as
   * if they had been logged apart.
   */
  public record Batch(List<ModuleEvent> events) implements ModuleEvent {
    public Batch {
      events = List.copyOf(events);
      if (events.size() < 2) {
        throw new IllegalArgumentException("a batch holds two events or more, found " + events);
      }
      for (var event : events) {
        if (!batchable(event)) {
          throw new IllegalArgumentException(
              "a batch holds transactions and outbox acknowledgements only, found " + event);
        }
      }
    }

    /** Whether {@code event} may be part of a batch. */
    public static boolean batchable(ModuleEvent event) {
      return event instanceof TxCommitted || event instanceof OutboxAcknowledged;
    }
  }

  /** The events {@code event} stands for: those of a batch, else itself. */
  static List<ModuleEvent> flatten(ModuleEvent event) {
    return event instanceof Batch batch ? batch.events() : List.of(event);
  }
}
