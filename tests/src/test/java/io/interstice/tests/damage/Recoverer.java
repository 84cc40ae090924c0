package io.interstice.tests.damage;

import io.interstice.journal.log.FsyncPolicy;
import io.interstice.journal.log.JournalStore;
import io.interstice.journal.log.LogEvent;
import io.interstice.journal.log.LogSettings;
import io.interstice.journal.log.RecoveryMode;
import io.interstice.journal.snapshot.SnapshotDirectory;
import io.interstice.journal.testkit.JournalTestConfig;
import io.interstice.journal.testkit.TestEvent;
import io.interstice.journal.testkit.TestState;
import io.interstice.tests.CrashWriter;
import io.interstice.tests.damage.Recovered.Event;
import io.interstice.tests.damage.Recovered.IdRecovery;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;

/**
 * Recovers every id of a data directory the way Pekko's recovery of a classic persistent actor
 * does, through the journal plugin's store and snapshot directory rather than an ActorSystem per
 * recovery (thousands of those would take too long): the newest snapshot, then the journal's
 * highest sequence number, then a replay from after the snapshot up to that number. Payloads are
 * deserialized by the same Pekko serialization the writer used.
 *
 * <p>Not thread-safe; one recovery at a time.
 */
final class Recoverer implements AutoCloseable {
  private static final Duration TERMINATION = Duration.ofSeconds(30);

  private final ActorSystem system;
  private final Serialization serialization;
  private final LogCapture journalLog;
  private final List<String> ids;

  private Recoverer(ActorSystem system, List<String> ids) {
    this.system = system;
    this.serialization = SerializationExtension.get(system);
    this.journalLog = LogCapture.of("io.interstice");
    this.ids = ids;
  }

  /**
   * A recoverer of {@code ids}. Its ActorSystem only serializes: it is configured on {@code
   * unusedDir} but never starts a journal there.
   */
  static Recoverer start(Path unusedDir, List<String> ids) {
    return new Recoverer(
        ActorSystem.create("damage-judge", JournalTestConfig.of(unusedDir, CrashWriter.LOG_ID)),
        ids);
  }

  /** Recovers every id from {@code dataDir} in {@code mode}; the directory may be changed. */
  Recovered recover(Path dataDir, RecoveryMode mode) {
    journalLog.drain();
    var settings =
        LogSettings.builder()
            .fsync(FsyncPolicy.ALWAYS)
            .segmentSize(DamageWriter.SEGMENT_SIZE)
            .recoveryMode(mode)
            .scrubInterval(Duration.ZERO)
            .build();
    var snapshots = SnapshotDirectory.open(dataDir, mode);
    var outcomes = new LinkedHashMap<String, IdRecovery>();
    var reports = new ArrayList<String>();
    JournalStore store;
    try {
      store = JournalStore.open(dataDir, CrashWriter.LOG_ID, settings);
    } catch (RuntimeException e) {
      // The journal of a node that cannot open fails the recovery of every id.
      ids.forEach(id -> outcomes.put(id, IdRecovery.failed(e)));
      return new Recovered(mode, outcomes, reports, journalLog.drain());
    }
    try {
      for (var id : ids) {
        outcomes.put(id, recover(store, snapshots, id));
      }
      store.damage().forEach(d -> reports.add(d.toString()));
    } finally {
      store.close();
    }
    snapshots.damage().forEach(d -> reports.add(d.toString()));
    return new Recovered(mode, outcomes, reports, journalLog.drain());
  }

  private IdRecovery recover(JournalStore store, SnapshotDirectory snapshots, String id) {
    try {
      var snapshot = snapshots.newest(id, SnapshotDirectory.Criteria.latest());
      long snapshotSeq = snapshot.map(s -> s.sequenceNr()).orElse(0L);
      List<String> snapshotTexts =
          snapshot
              .map(
                  s ->
                      ((TestState)
                              serialization
                                  .deserialize(s.payload(), s.serializerId(), s.manifest())
                                  .get())
                          .texts())
              .orElse(List.of());
      long journalHighest = store.highestSequenceNr(id);
      var events = new ArrayList<Event>();
      // As Pekko: replay only up to the highest sequence number the journal reports.
      if (snapshotSeq < journalHighest) {
        store.replay(
            id,
            snapshotSeq + 1,
            journalHighest,
            event -> {
              events.add(decode(event));
              return true;
            });
      }
      return new IdRecovery(
          null, snapshotSeq, snapshotTexts, Math.max(snapshotSeq, journalHighest), events);
    } catch (RuntimeException e) {
      return IdRecovery.failed(e);
    }
  }

  private Event decode(LogEvent event) {
    try {
      var payload =
          serialization
              .deserialize(event.payload(), event.serializerId(), event.serializerManifest())
              .get();
      if (payload instanceof TestEvent) {
        return new Event(event.sequenceNr(), ((TestEvent) payload).text(), null);
      }
      return new Event(event.sequenceNr(), null, "payload is a " + payload.getClass().getName());
    } catch (RuntimeException e) {
      return new Event(event.sequenceNr(), null, "payload does not deserialize: " + e);
    }
  }

  @Override
  public void close() {
    journalLog.close();
    system.terminate();
    try {
      system
          .getWhenTerminated()
          .toCompletableFuture()
          .get(TERMINATION.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping " + system.name(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(system.name() + " did not stop", e);
    }
  }
}
