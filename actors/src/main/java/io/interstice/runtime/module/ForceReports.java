package io.interstice.runtime.module;

import io.interstice.runtime.module.ModuleActor.Command;
import io.interstice.runtime.module.ModuleActor.Forced;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Hands a module actor's {@link Forced} reports to its {@link DurabilityGate} as soon as they reach
 * the actor, ahead of the persistence behaviour inside it. That behaviour keeps every command in
 * its stash while a write of the actor waits for its acknowledgement, and with pipelined writes the
 * actor writes its next batch during the force of the one before: a force report would wait there
 * behind that write's acknowledgement, and the forced batch's callers with it.
 *
 * <p>The gate runs the work it held (answers, live updates, deliveries, schedules armed) on the
 * actor's thread, in the order it was handed over, as it did from the command handler. That work
 * sends what its batch computed and updates the actor's own helpers; it writes nothing to the
 * event-sourced state, and what it reads of it (due schedules, the module's description) may
 * include a later batch whose write is in flight, as the actor's next command would see it. So it
 * may run while that write waits for its acknowledgement. A report for an earlier incarnation of
 * the actor is ignored by this one's gate.
 */
final class ForceReports extends BehaviorInterceptor<Command, Command> {
  private final DurabilityGate gate;

  /** Reports to {@code gate}, the gate of the actor incarnation this interceptor wraps. */
  ForceReports(DurabilityGate gate) {
    super(Command.class);
    this.gate = gate;
  }

  @Override
  public Behavior<Command> aroundReceive(
      TypedActorContext<Command> context, Command message, ReceiveTarget<Command> target) {
    if (message instanceof Forced forced) {
      gate.onForced(forced);
      return Behaviors.same();
    }
    return target.apply(context, message);
  }

  @Override
  public boolean isSame(BehaviorInterceptor<Object, Object> other) {
    Object any = other;
    return any instanceof ForceReports reports && reports.gate == gate;
  }
}
