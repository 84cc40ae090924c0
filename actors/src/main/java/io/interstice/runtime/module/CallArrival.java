package io.interstice.runtime.module;

import io.interstice.runtime.module.ModuleActor.Call;
import io.interstice.runtime.module.ModuleActor.Command;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.TypedActorContext;

/**
 * Stamps each {@link Call} with the time it reaches its module's actor, before anything holds it:
 * Pekko stashes the commands that arrive while a batch is written, and the supervisor those that
 * arrive while the actor restarts, and that wait is part of the call's latency. The calls of a
 * {@link ModuleActor.CallBatch} are stamped alike and given their places in the batch's answer.
 * Other commands pass untouched.
 *
 * <p>Not thread-safe: one per actor, called on its thread.
 */
final class CallArrival extends BehaviorInterceptor<Command, Command> {
  CallArrival() {
    super(Command.class);
  }

  @Override
  public Behavior<Command> aroundReceive(
      TypedActorContext<Command> context, Command command, ReceiveTarget<Command> target) {
    if (command instanceof Call call) {
      return target.apply(context, call.receivedAt(System.nanoTime()));
    }
    if (command instanceof ModuleActor.CallBatch batch) {
      return target.apply(context, batch.received(System.nanoTime()));
    }
    return target.apply(context, command);
  }
}
