package io.interstice.runtime.module;

import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.module.ModuleActor.Call;
import io.interstice.runtime.module.ModuleActor.Deliver;
import io.interstice.runtime.module.ModuleActor.Failed;
import io.interstice.runtime.module.state.ModuleEvent;
import io.interstice.runtime.module.state.ModuleState;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.typed.javadsl.Effect;

/**
 * What a module answers in the stages where it does not run (see {@link ModuleState.Stage}): an
 * absent one refuses everything as unknown and asks to be passivated; a failed or a cannot-run one
 * refuses calls with the reason, and lets deliveries wait with their senders, which resend them
 * once it runs again.
 *
 * <p>Not thread-safe: confined to the module actor's thread.
 */
final class StageRefusals {
  private final ModuleContext runtime;

  StageRefusals(ModuleContext runtime) {
    this.runtime = runtime;
  }

  /** Anything with a reply sent to an absent module. */
  <R> Effect<ModuleEvent, ModuleState> notDeployed(ModuleState state, ActorRef<R> replyTo) {
    return runtime.refuseNotDeployed(state, replyTo);
  }

  /**
   * A call to an absent module: answered however it came, after the actor asked to be passivated
   * (and left the node's registry of local modules), as {@link ModuleContext#refuse} does.
   */
  Effect<ModuleEvent, ModuleState> callNotDeployed(ModuleState state, ModuleActor.Call call) {
    runtime.passivateIfAbsent(state);
    call.reply(new Failed(ErrorKind.UNKNOWN_MODULE, runtime.notDeployed()));
    return runtime.effects().none();
  }

  /** Calls sent together to an absent module: each refused as a call alone would be. */
  Effect<ModuleEvent, ModuleState> callsNotDeployed(
      ModuleState state, ModuleActor.CallBatch batch) {
    runtime.passivateIfAbsent(state);
    for (var call : batch.slotted()) {
      call.reply(new Failed(ErrorKind.UNKNOWN_MODULE, runtime.notDeployed()));
    }
    return runtime.effects().none();
  }

  /** A delivery to an absent module: its sender hears it will never be consumed. */
  Effect<ModuleEvent, ModuleState> deliveryNotDeployed(ModuleState state, Deliver delivery) {
    runtime.deliveries().reject(delivery, runtime.notDeployed());
    return runtime.refuseNotDeployed(state, null);
  }

  /** A call to a module whose log could not be replayed. */
  Effect<ModuleEvent, ModuleState> callFailed(ModuleState state, Call call) {
    runtime.answer(call, new Failed(ErrorKind.MODULE_FAILED, state.failure().reason()));
    return runtime.effects().none();
  }

  /** A call to a module whose logged code cannot run. */
  Effect<ModuleEvent, ModuleState> callCannotRun(ModuleState state, Call call) {
    runtime.answer(call, new Failed(ErrorKind.BAD_MODULE, state.cannotRunReason()));
    return runtime.effects().none();
  }

  /** A delivery to a module that does not run: it stays with its sender until it does. */
  Effect<ModuleEvent, ModuleState> deliveryWaits(ModuleState state, Deliver delivery) {
    return runtime.effects().none();
  }

  /** A message that has nothing to do in this stage. */
  Effect<ModuleEvent, ModuleState> ignore(ModuleState state, Object message) {
    return runtime.effects().none();
  }
}
