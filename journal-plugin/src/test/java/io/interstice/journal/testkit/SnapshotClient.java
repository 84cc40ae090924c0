package io.interstice.journal.testkit;

import com.typesafe.config.ConfigFactory;
import java.util.Optional;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.DeleteSnapshotSuccess;
import org.apache.pekko.persistence.DeleteSnapshotsSuccess;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.SaveSnapshotSuccess;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotProtocol;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.testkit.javadsl.TestKit;
import scala.jdk.javaapi.OptionConverters;

/**
 * Talks to the snapshot store of an ActorSystem with the Pekko snapshot protocol ({@code
 * SaveSnapshot}, {@code LoadSnapshot}, {@code DeleteSnapshot}, {@code DeleteSnapshots}), as a
 * persistent actor would.
 */
public final class SnapshotClient {
  private final ActorSystem system;
  private final ActorRef store;

  private SnapshotClient(ActorSystem system, ActorRef store) {
    this.system = system;
    this.store = store;
  }

  /** The client of the {@code interstice.snapshot-store} plugin of {@code system}. */
  public static SnapshotClient of(ActorSystem system) {
    return new SnapshotClient(
        system,
        Persistence.get(system)
            .snapshotStoreFor("interstice.snapshot-store", ConfigFactory.empty()));
  }

  public ActorRef store() {
    return store;
  }

  /** Saves {@code state} at {@code sequenceNr}; returns the metadata the store acknowledged. */
  public SnapshotMetadata save(String persistenceId, long sequenceNr, Object state) {
    var reply =
        ask(
            new SnapshotProtocol.SaveSnapshot(
                new SnapshotMetadata(persistenceId, sequenceNr, 0), state));
    if (reply instanceof SaveSnapshotSuccess success) {
      return success.metadata();
    }
    throw new AssertionError("expected SaveSnapshotSuccess, got " + reply);
  }

  /** Loads with {@code criteria}; fails the test if the store reports a failure. */
  public Optional<SelectedSnapshot> load(String persistenceId, SnapshotSelectionCriteria criteria) {
    return load(persistenceId, criteria, Long.MAX_VALUE);
  }

  /** Loads with {@code criteria} limited to {@code toSequenceNr}, as recovery does. */
  public Optional<SelectedSnapshot> load(
      String persistenceId, SnapshotSelectionCriteria criteria, long toSequenceNr) {
    var reply = ask(new SnapshotProtocol.LoadSnapshot(persistenceId, criteria, toSequenceNr));
    if (reply instanceof SnapshotProtocol.LoadSnapshotResult result) {
      return OptionConverters.toJava(result.snapshot());
    }
    if (reply instanceof SnapshotProtocol.LoadSnapshotFailed failed) {
      throw new AssertionError("load failed", failed.cause());
    }
    throw new AssertionError("unexpected reply to LoadSnapshot: " + reply);
  }

  /** Loads with {@code criteria} and returns the cause of the failure the store must report. */
  public Throwable loadFailure(String persistenceId, SnapshotSelectionCriteria criteria) {
    var reply = ask(new SnapshotProtocol.LoadSnapshot(persistenceId, criteria, Long.MAX_VALUE));
    if (reply instanceof SnapshotProtocol.LoadSnapshotFailed failed) {
      return failed.cause();
    }
    throw new AssertionError("expected LoadSnapshotFailed, got " + reply);
  }

  /** Deletes the one snapshot {@code metadata} names. */
  public void delete(SnapshotMetadata metadata) {
    var reply = ask(new SnapshotProtocol.DeleteSnapshot(metadata));
    if (!(reply instanceof DeleteSnapshotSuccess)) {
      throw new AssertionError("expected DeleteSnapshotSuccess, got " + reply);
    }
  }

  /** Deletes every snapshot of the id that matches {@code criteria}. */
  public void delete(String persistenceId, SnapshotSelectionCriteria criteria) {
    var reply = ask(new SnapshotProtocol.DeleteSnapshots(persistenceId, criteria));
    if (!(reply instanceof DeleteSnapshotsSuccess)) {
      throw new AssertionError("expected DeleteSnapshotsSuccess, got " + reply);
    }
  }

  private Object ask(SnapshotProtocol.Request request) {
    var probe = new TestKit(system);
    store.tell(request, probe.getRef());
    return probe.expectMsgClass(JournalClient.REPLY_TIMEOUT, Object.class);
  }
}
