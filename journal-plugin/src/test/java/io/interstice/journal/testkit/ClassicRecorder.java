package io.interstice.journal.testkit;

import java.util.List;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.Props;
import org.apache.pekko.persistence.AbstractPersistentActor;
import org.apache.pekko.persistence.DeleteMessagesFailure;
import org.apache.pekko.persistence.DeleteMessagesSuccess;
import org.apache.pekko.persistence.RecoveryCompleted;
import org.apache.pekko.persistence.SaveSnapshotFailure;
import org.apache.pekko.persistence.SaveSnapshotSuccess;
import org.apache.pekko.persistence.SnapshotOffer;

/**
 * A classic persistent actor for journal tests, where the typed API hides what is under test: it
 * survives rejected writes ({@code onPersistRejected}), deletes events on command and exposes its
 * sequence number. Everything asynchronous (recovery, rejections, deletions, snapshots) is reported
 * to the {@code reporter} given at creation, so tests read one ordered stream.
 *
 * <p>State is a deliberately mutable field, as in every classic persistent actor: it is confined to
 * the actor.
 */
public final class ClassicRecorder extends AbstractPersistentActor {

  /** Persist one event per text with {@code persistAll}; replies {@link Appended}. */
  public record Append(List<String> texts) {}

  /** Reply with {@link Status}. */
  public record Get() {}

  /** Delete events up to {@code toSequenceNr}; the outcome goes to the reporter. */
  public record DeleteTo(long toSequenceNr) {}

  /** Save the state as a snapshot; the outcome goes to the reporter. */
  public record Snapshot() {}

  /** Reply to {@link Append}, once every event of it was written or rejected. */
  public record Appended(long lastSequenceNr, TestState state) {}

  /** Reply to {@link Get}. */
  public record Status(long lastSequenceNr, TestState state) {}

  /** Reported when recovery completed. */
  public record Recovered(long lastSequenceNr, TestState state) {}

  /** Reported when recovery failed (the actor then stops). */
  public record RecoveryFailed(Throwable cause) {}

  /** Reported for each event the journal rejected. */
  public record Rejected(Object event, long sequenceNr, Throwable cause) {}

  /** Reported when a write failed (the actor then stops). */
  public record PersistFailed(Object event, long sequenceNr, Throwable cause) {}

  private final String persistenceId;
  private final ActorRef reporter;
  private TestState state = TestState.empty();

  private ClassicRecorder(String persistenceId, ActorRef reporter) {
    this.persistenceId = persistenceId;
    this.reporter = reporter;
  }

  public static Props props(String persistenceId, ActorRef reporter) {
    return Props.create(ClassicRecorder.class, () -> new ClassicRecorder(persistenceId, reporter));
  }

  @Override
  public String persistenceId() {
    return persistenceId;
  }

  @Override
  public Receive createReceiveRecover() {
    return receiveBuilder()
        .match(SnapshotOffer.class, offer -> state = (TestState) offer.snapshot())
        .match(TestEvent.class, event -> state = state.with(event.text()))
        .match(
            RecoveryCompleted.class,
            done -> reporter.tell(new Recovered(lastSequenceNr(), state), self()))
        .build();
  }

  @Override
  public Receive createReceive() {
    return receiveBuilder()
        .match(Append.class, this::onAppend)
        .match(Get.class, get -> sender().tell(new Status(lastSequenceNr(), state), self()))
        .match(DeleteTo.class, delete -> deleteMessages(delete.toSequenceNr()))
        .match(Snapshot.class, snapshot -> saveSnapshot(state))
        .match(DeleteMessagesSuccess.class, this::report)
        .match(DeleteMessagesFailure.class, this::report)
        .match(SaveSnapshotSuccess.class, this::report)
        .match(SaveSnapshotFailure.class, this::report)
        .build();
  }

  private void onAppend(Append cmd) {
    var replyTo = sender();
    persistAll(
        cmd.texts().stream().map(TestEvent::new).toList(), e -> state = state.with(e.text()));
    deferAsync(cmd, c -> replyTo.tell(new Appended(lastSequenceNr(), state), self()));
  }

  private void report(Object outcome) {
    reporter.tell(outcome, self());
  }

  @Override
  public void onPersistRejected(Throwable cause, Object event, long seqNr) {
    reporter.tell(new Rejected(event, seqNr, cause), self());
  }

  @Override
  public void onPersistFailure(Throwable cause, Object event, long seqNr) {
    reporter.tell(new PersistFailed(event, seqNr, cause), self());
    super.onPersistFailure(cause, event, seqNr);
  }

  @Override
  public void onRecoveryFailure(Throwable cause, scala.Option<Object> event) {
    reporter.tell(new RecoveryFailed(cause), self());
  }
}
