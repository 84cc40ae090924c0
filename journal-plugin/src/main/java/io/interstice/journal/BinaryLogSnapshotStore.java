package io.interstice.journal;

import com.typesafe.config.Config;
import io.interstice.journal.log.RecoveryMode;
import io.interstice.journal.snapshot.SnapshotDirectory;
import io.interstice.journal.snapshot.SnapshotFile;
import java.io.NotSerializableException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.snapshot.japi.SnapshotStore;
import scala.concurrent.Future;

/**
 * The Pekko Persistence snapshot store (plugin id {@code interstice.snapshot-store}): one
 * CRC-checked file per snapshot under {@code <dir>/snapshots/<id>/}, written atomically and forced.
 * Because every node shares the data directory, a snapshot taken on one node is found by any other.
 *
 * <p>A snapshot is saved only once every event it covers is forced in the log: with pipelined
 * writes an event is acknowledged before its force, and a snapshot must never survive the loss of
 * what it covers.
 *
 * <p>A damaged snapshot fails the load in {@code recovery-mode = strict}; in the other modes it is
 * skipped, loudly, for the next older one.
 *
 * <p>Thread-safety: each operation runs on the plugin's blocking dispatcher; writes of one id are
 * serialised by Pekko (one snapshot store call per id at a time is not guaranteed, but every write
 * is an atomic rename, so concurrent saves cannot mix bytes).
 */
public final class BinaryLogSnapshotStore extends SnapshotStore {
  /** Name of the folder inside the data directory that holds every snapshot. */
  public static final String SNAPSHOTS_DIR = SnapshotDirectory.SNAPSHOTS_DIR;

  private final SnapshotDirectory directory;
  private final PayloadSerialization payloads;
  private final Executor blocking;
  private final DurableWrites writes;

  public BinaryLogSnapshotStore(Config config, String configPath) {
    var registry = JournalRegistry.ID.get(context().system());
    // Everything that can fail is reported to the node (snapshotStoreStart), which waits for it.
    try {
      this.payloads = new PayloadSerialization(context().system());
      this.blocking = context().system().dispatchers().lookup(config.getString("io-dispatcher"));
      this.directory = openDirectory(config, configPath);
    } catch (RuntimeException e) {
      registry.snapshotStoreStarted(e);
      throw e;
    }
    this.writes = registry.writes();
    registry.snapshotDeleter(
        (id, toSeq) ->
            CompletableFuture.runAsync(
                () ->
                    directory.delete(
                        id, new SnapshotDirectory.Criteria(0, toSeq, 0, Long.MAX_VALUE)),
                blocking));
    registry.snapshotStoreStarted(null);
  }

  private SnapshotDirectory openDirectory(Config config, String configPath) {
    try {
      var journal = context().system().settings().config().getConfig("interstice.journal");
      var dataDir = Path.of(inherited(config, journal, "dir"));
      var mode = RecoveryMode.parse(inherited(config, journal, "recovery-mode"));
      return SnapshotDirectory.open(dataDir, mode);
    } catch (IllegalArgumentException | com.typesafe.config.ConfigException e) {
      throw new JournalException("invalid configuration " + configPath + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void postStop() throws Exception {
    JournalRegistry.ID.get(context().system()).snapshotDeleter(null);
    super.postStop();
  }

  /**
   * The snapshot store's own value of {@code key}, or the journal's when it is empty. Resolved at
   * run time rather than by a HOCON substitution in reference.conf, because reference.conf is
   * resolved on its own and would never see an application's {@code interstice.journal.dir}.
   */
  private static String inherited(Config own, Config journal, String key) {
    var value = own.getString(key);
    return value.isBlank() ? journal.getString(key) : value;
  }

  @Override
  public Future<Optional<SelectedSnapshot>> doLoadAsync(
      String persistenceId, SnapshotSelectionCriteria criteria) {
    return async(() -> load(persistenceId, criteria));
  }

  private Optional<SelectedSnapshot> load(String persistenceId, SnapshotSelectionCriteria c) {
    return directory
        .newest(persistenceId, criteria(c))
        .map(
            snapshot -> {
              var state =
                  payloads.deserialize(
                      snapshot.payload(), snapshot.serializerId(), snapshot.manifest());
              var metadata =
                  new SnapshotMetadata(persistenceId, snapshot.sequenceNr(), snapshot.timestamp());
              return SelectedSnapshot.create(metadata, state);
            });
  }

  private static SnapshotDirectory.Criteria criteria(SnapshotSelectionCriteria c) {
    return new SnapshotDirectory.Criteria(
        c.minSequenceNr(), c.maxSequenceNr(), c.minTimestamp(), c.maxTimestamp());
  }

  @Override
  public Future<Void> doSaveAsync(SnapshotMetadata metadata, Object snapshot) {
    // A write acknowledged before its force (pipelined writes) may still be lost: a snapshot that
    // covers it would survive the loss, so it waits for the force and fails when it was lost.
    var forced = writes.forced(metadata.persistenceId());
    return ScalaFutures.asScala(
        forced.thenApplyAsync(
            ignored -> {
              PayloadSerialization.Serialized serialized;
              try {
                serialized = payloads.serialize(snapshot);
              } catch (NotSerializableException e) {
                throw new JournalException("cannot serialize snapshot " + metadata + ": " + e, e);
              }
              directory.save(
                  new SnapshotFile(
                      metadata.persistenceId(),
                      metadata.sequenceNr(),
                      metadata.timestamp() == 0 ? System.currentTimeMillis() : metadata.timestamp(),
                      serialized.serializerId(),
                      serialized.manifest(),
                      serialized.bytes()));
              return null;
            },
            blocking));
  }

  @Override
  public Future<Void> doDeleteAsync(SnapshotMetadata metadata) {
    return async(
        () -> {
          directory.delete(metadata.persistenceId(), metadata.sequenceNr(), metadata.timestamp());
          return null;
        });
  }

  @Override
  public Future<Void> doDeleteAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
    return async(
        () -> {
          directory.delete(persistenceId, criteria(criteria));
          return null;
        });
  }

  private <T> Future<T> async(Supplier<T> work) {
    return ScalaFutures.asScala(CompletableFuture.supplyAsync(work, blocking));
  }
}
