package io.interstice.journal;

import com.typesafe.config.Config;
import io.interstice.journal.log.PersistenceHistory;
import io.interstice.journal.log.RecoveryMode;
import io.interstice.journal.snapshot.SnapshotFile;
import java.io.IOException;
import java.io.NotSerializableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.snapshot.japi.SnapshotStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.Future;

/**
 * The Pekko Persistence snapshot store (plugin id {@code interstice.snapshot-store}): one
 * CRC-checked file per snapshot under {@code <dir>/snapshots/<id>/}, written atomically and forced.
 * Because every node shares the data directory, a snapshot taken on one node is found by any other.
 *
 * <p>A damaged snapshot fails the load in {@code recovery-mode = strict}; in the other modes it is
 * skipped, loudly, for the next older one.
 *
 * <p>Thread-safety: each operation runs on the plugin's blocking dispatcher; writes of one id are
 * serialised by Pekko (one snapshot store call per id at a time is not guaranteed, but every write
 * is an atomic rename, so concurrent saves cannot mix bytes).
 */
public final class BinaryLogSnapshotStore extends SnapshotStore {
  private static final Logger LOG = LoggerFactory.getLogger(BinaryLogSnapshotStore.class);

  /** Name of the folder inside the data directory that holds every snapshot. */
  public static final String SNAPSHOTS_DIR = "snapshots";

  private final Path root;
  private final RecoveryMode recoveryMode;
  private final PayloadSerialization payloads;
  private final Executor blocking;

  public BinaryLogSnapshotStore(Config config, String configPath) {
    try {
      var journal = context().system().settings().config().getConfig("interstice.journal");
      this.root = Path.of(inherited(config, journal, "dir")).resolve(SNAPSHOTS_DIR);
      this.recoveryMode = RecoveryMode.parse(inherited(config, journal, "recovery-mode"));
    } catch (RuntimeException e) {
      throw new JournalException("invalid configuration " + configPath + ": " + e.getMessage(), e);
    }
    io.interstice.journal.log.Durable.ensureDirectory(root);
    this.payloads = new PayloadSerialization(context().system());
    this.blocking = context().system().dispatchers().lookup(config.getString("io-dispatcher"));
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
    for (var file : candidates(persistenceId, c)) {
      SnapshotFile snapshot;
      try {
        snapshot = SnapshotFile.read(file);
      } catch (JournalException e) {
        if (recoveryMode == RecoveryMode.STRICT) {
          throw e;
        }
        LOG.error("skipping damaged snapshot ({}): {}", recoveryMode, e.getMessage());
        continue;
      }
      if (snapshot.timestamp() > c.maxTimestamp() || snapshot.timestamp() < c.minTimestamp()) {
        continue;
      }
      var state =
          payloads.deserialize(snapshot.payload(), snapshot.serializerId(), snapshot.manifest());
      var metadata =
          new SnapshotMetadata(persistenceId, snapshot.sequenceNr(), snapshot.timestamp());
      return Optional.of(SelectedSnapshot.create(metadata, state));
    }
    return Optional.empty();
  }

  /** Snapshot files of the id within the criteria's sequence range, newest first. */
  private List<Path> candidates(String persistenceId, SnapshotSelectionCriteria c) {
    var dir = dirOf(persistenceId);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (var files = Files.list(dir)) {
      var found = new ArrayList<Path>();
      files.forEach(
          f -> {
            long seq = SnapshotFile.sequenceNrOf(f.getFileName().toString());
            if (seq >= 0 && seq <= c.maxSequenceNr() && seq >= c.minSequenceNr()) {
              found.add(f);
            }
          });
      found.sort(Comparator.comparing((Path f) -> f.getFileName().toString()).reversed());
      return found;
    } catch (IOException e) {
      throw new JournalIoException("cannot list snapshots in " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Future<Void> doSaveAsync(SnapshotMetadata metadata, Object snapshot) {
    return async(
        () -> {
          PayloadSerialization.Serialized serialized;
          try {
            serialized = payloads.serialize(snapshot);
          } catch (NotSerializableException e) {
            throw new JournalException("cannot serialize snapshot " + metadata + ": " + e, e);
          }
          var file =
              new SnapshotFile(
                  metadata.persistenceId(),
                  metadata.sequenceNr(),
                  metadata.timestamp() == 0 ? System.currentTimeMillis() : metadata.timestamp(),
                  serialized.serializerId(),
                  serialized.manifest(),
                  serialized.bytes());
          file.writeTo(dirOf(metadata.persistenceId()));
          return null;
        });
  }

  @Override
  public Future<Void> doDeleteAsync(SnapshotMetadata metadata) {
    return async(
        () -> {
          var file =
              dirOf(metadata.persistenceId()).resolve(SnapshotFile.fileName(metadata.sequenceNr()));
          if (metadata.timestamp() == 0 || timestampOf(file) == metadata.timestamp()) {
            delete(file);
          }
          return null;
        });
  }

  @Override
  public Future<Void> doDeleteAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
    return async(
        () -> {
          for (var file : candidates(persistenceId, criteria)) {
            long ts = timestampOf(file);
            if (ts <= criteria.maxTimestamp() && ts >= criteria.minTimestamp()) {
              delete(file);
            }
          }
          return null;
        });
  }

  /** Timestamp stored in a snapshot file; a damaged or vanished file reports -1. */
  private static long timestampOf(Path file) {
    if (!Files.exists(file)) {
      return -1;
    }
    try {
      return SnapshotFile.read(file).timestamp();
    } catch (JournalException e) {
      return -1;
    }
  }

  private void delete(Path file) {
    try {
      if (Files.deleteIfExists(file)) {
        io.interstice.journal.log.Durable.forceDirectory(file.getParent());
      }
    } catch (IOException e) {
      throw new JournalIoException("cannot delete snapshot " + file + ": " + e.getMessage(), e);
    }
  }

  private Path dirOf(String persistenceId) {
    return root.resolve(PersistenceHistory.fileName(persistenceId));
  }

  private <T> Future<T> async(Supplier<T> work) {
    return ScalaFutures.asScala(CompletableFuture.supplyAsync(work, blocking));
  }
}
