package io.interstice.runtime.module;

import io.interstice.runtime.ClusterMessage;
import org.apache.pekko.actor.DeadLetter;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.PromiseRef;
import org.apache.pekko.util.Timeout;
import scala.concurrent.ExecutionContext;

/**
 * Sends a command that reached a module actor after it stopped on through sharding, which starts
 * the module again wherever it runs now (or hands the command to the actor that runs it already).
 * Such a command was told straight to a local actor ({@link LocalModules}) or delivered by the
 * shard a moment before the actor stopped; the actor never handled it, so sending it again cannot
 * run it twice. Only commands from outside the actor (those that may cross nodes, {@link
 * ClusterMessage}) are sent on: what an actor tells itself belongs to the incarnation that stopped.
 *
 * <p>One actor per node, subscribed to the dead letters of its actor system.
 */
public final class DeadLetterRerouting {
  private DeadLetterRerouting() {}

  /** Starts the rerouting on {@code system}. */
  public static void start(ActorSystem<?> system) {
    system.systemActorOf(
        behavior(), "module-dead-letters", org.apache.pekko.actor.typed.Props.empty());
  }

  private static Behavior<DeadLetter> behavior() {
    return Behaviors.setup(
        context -> {
          var system = context.getSystem();
          system
              .eventStream()
              .tell(new EventStream.Subscribe<>(DeadLetter.class, context.getSelf()));
          var sharding = ClusterSharding.get(system);
          var local = LocalModules.ID.get(Adapter.toClassic(system));
          var timeout =
              Timeout.create(system.settings().config().getDuration("interstice.node.ask-timeout"));
          return Behaviors.receiveMessage(
              dead -> {
                if (dead.message() instanceof ModuleActor.Command command
                    && command instanceof ClusterMessage) {
                  var module = LocalModules.moduleOf(dead.recipient().path());
                  if (module != null) {
                    local.forgetIfStale(module, dead.recipient());
                    var sendable = sendable(command, system, timeout);
                    if (sendable != null) {
                      sharding.entityRefFor(ModuleActor.TYPE_KEY, module).tell(sendable);
                    }
                  }
                }
                return Behaviors.same();
              });
        });
  }

  /**
   * The command as it can go to any node: a call answered on this node gets a reply-to actor that
   * completes its caller's future (null for a call answered in a batch, which only its own actor
   * makes).
   */
  private static ModuleActor.Command sendable(
      ModuleActor.Command command, ActorSystem<?> system, Timeout timeout) {
    if (!(command instanceof ModuleActor.Call call) || call.answer() == null) {
      return command;
    }
    if (!(call.answer() instanceof LocalAnswer.Completing completing)) {
      return null;
    }
    var promise = PromiseRef.apply(Adapter.toClassic(system), timeout);
    promise
        .future()
        .onComplete(
            result -> {
              if (result.isSuccess()) {
                completing.future().complete((ModuleActor.CallReply) result.get());
              } else {
                completing.future().completeExceptionally(result.failed().get());
              }
              return null;
            },
            ExecutionContext.parasitic$.MODULE$);
    return call.replyingTo(Adapter.toTyped(promise.ref()));
  }
}
