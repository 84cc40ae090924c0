package io.interstice.runtime.node;

import io.interstice.runtime.LiveUpdate;
import io.interstice.runtime.module.ModuleActor;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * A live subscription to tables of a module, made by {@link IntersticeNode#subscribe}. Its listener
 * is called with every {@link LiveUpdate}, one at a time and in order, on an actor of the node;
 * {@link #close()} ends it. Thread-safe.
 */
public final class LiveSubscription implements AutoCloseable {
  private final String module;
  private final ActorRef<LiveUpdate> listener;
  private final EntityRef<ModuleActor.Command> entity;

  LiveSubscription(
      String module, ActorRef<LiveUpdate> listener, EntityRef<ModuleActor.Command> entity) {
    this.module = module;
    this.listener = listener;
    this.entity = entity;
  }

  /** The listener's actor: calls {@code consumer} for each update and stops after the last. */
  static Behavior<LiveUpdate> listenerBehavior(Consumer<LiveUpdate> consumer) {
    return Behaviors.receive(LiveUpdate.class)
        .onAnyMessage(
            update -> {
              consumer.accept(update);
              return update instanceof LiveUpdate.Ended ? Behaviors.stopped() : Behaviors.same();
            })
        .build();
  }

  /** Ends the subscription; the listener gets a last {@link LiveUpdate.Ended}. */
  @Override
  public void close() {
    entity.tell(new ModuleActor.UnsubscribeLive(listener));
    listener.tell(new LiveUpdate.Ended(module, "unsubscribed"));
  }
}
