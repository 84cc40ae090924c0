package io.interstice.runtime.module;

import io.interstice.runtime.ClusterMessage;
import org.apache.pekko.actor.DeadLetter;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.util.Timeout;

/**
 * Sends a command that reached a module actor after it stopped on through sharding, which starts
 * the module again wherever it runs now (or hands the command to the actor that runs it already).
 * Such a command was told straight to a local actor ({@link LocalModules}) or delivered by the
 * shard a moment before the actor stopped; the actor never handled it, so sending it again cannot
 * run it twice. Only commands from outside the actor are sent on (those that may cross nodes,
 * {@link ClusterMessage}, and the node's own {@link ModuleActor.LocalCall}s): what an actor tells
 * itself belongs to the incarnation that stopped.
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
                var sendable = sendable(dead.message(), system, timeout);
                var module =
                    sendable == null ? null : LocalModules.moduleOf(dead.recipient().path());
                if (module != null) {
                  local.forgetIfStale(module, dead.recipient());
                  sharding.entityRefFor(ModuleActor.TYPE_KEY, module).tell(sendable);
                }
                return Behaviors.same();
              });
        });
  }

  /**
   * The dead letter as a command that can go to any node, or null when it is none: a call the node
   * made for a local caller gets a reply-to actor that completes the caller's future.
   */
  private static ModuleActor.Command sendable(
      Object message, ActorSystem<?> system, Timeout timeout) {
    if (message instanceof ModuleActor.LocalCall local
        && local.call().answer() instanceof LocalAnswer.Completing completing) {
      var promise = ReplyPromise.<ModuleActor.CallReply>of(system, timeout);
      promise
          .future()
          .whenComplete(
              (reply, error) -> {
                if (error == null) {
                  completing.future().complete(reply);
                } else {
                  completing.future().completeExceptionally(error);
                }
              });
      return local.call().replyingTo(promise.ref());
    }
    return message instanceof ModuleActor.Command command && command instanceof ClusterMessage
        ? command
        : null;
  }
}
