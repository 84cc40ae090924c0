package io.interstice.journal.testkit;

import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * A persistent actor for journal tests: appends texts as {@link TestEvent}s and answers with the
 * texts it holds. Optionally snapshots every N events.
 */
public final class RecordingEntity
    extends EventSourcedBehavior<RecordingEntity.Command, TestEvent, TestState> {

  /** Commands of the entity. */
  public sealed interface Command {}

  /** Persist one event per text, atomically, and acknowledge once durable. */
  public record Append(List<String> texts, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  /** Reply with the state. */
  public record Get(ActorRef<TestState> replyTo) implements Command {}

  private final int snapshotEvery;

  private RecordingEntity(PersistenceId id, int snapshotEvery) {
    super(id);
    this.snapshotEvery = snapshotEvery;
  }

  public static Behavior<Command> create(String persistenceId) {
    return new RecordingEntity(PersistenceId.ofUniqueId(persistenceId), 0);
  }

  public static Behavior<Command> create(String persistenceId, int snapshotEvery) {
    return new RecordingEntity(PersistenceId.ofUniqueId(persistenceId), snapshotEvery);
  }

  @Override
  public TestState emptyState() {
    return TestState.empty();
  }

  @Override
  public CommandHandler<Command, TestEvent, TestState> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Append.class, this::onAppend)
        .onCommand(Get.class, (state, cmd) -> Effect().reply(cmd.replyTo(), state))
        .build();
  }

  private org.apache.pekko.persistence.typed.javadsl.ReplyEffect<TestEvent, TestState> onAppend(
      TestState state, Append cmd) {
    var events = cmd.texts().stream().map(TestEvent::new).toList();
    return Effect().persist(events).thenReply(cmd.replyTo(), s -> StatusReply.ack());
  }

  @Override
  public EventHandler<TestState, TestEvent> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onAnyEvent((state, event) -> state.with(event.text()));
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return snapshotEvery > 0
        ? RetentionCriteria.snapshotEvery(snapshotEvery, 2)
        : RetentionCriteria.disabled();
  }

  @Override
  public SignalHandler<TestState> signalHandler() {
    return SignalHandler.empty();
  }
}
