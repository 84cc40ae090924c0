package io.interstice.runtime;

import io.interstice.runtime.module.state.ModuleEvent;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * Writes hand-made module events into a module's log, the way a module actor would, to set up logs
 * that no module class can produce (a schema the class no longer describes).
 */
final class EventWriter extends EventSourcedBehavior<EventWriter.Write, ModuleEvent, Integer> {

  /** Persists {@code events} atomically and answers once durable. */
  record Write(List<ModuleEvent> events, ActorRef<Done> replyTo) {}

  EventWriter(PersistenceId persistenceId) {
    super(persistenceId);
  }

  @Override
  public Integer emptyState() {
    return 0;
  }

  @Override
  public CommandHandler<Write, ModuleEvent, Integer> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(
            Write.class,
            write ->
                Effect().persist(write.events()).thenReply(write.replyTo(), state -> Done.done()))
        .build();
  }

  @Override
  public EventHandler<Integer, ModuleEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent((count, event) -> count + 1);
  }
}
