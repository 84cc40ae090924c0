package io.interstice.journal.snapshot;

import io.interstice.journal.CorruptLogException;
import io.interstice.journal.JournalException;
import io.interstice.journal.JournalIoException;
import io.interstice.journal.UnsupportedFormatException;
import io.interstice.journal.log.LogDamage;
import io.interstice.journal.log.RecoveryMode;
import io.interstice.journal.log.internal.ChecksummedFile;
import io.interstice.journal.log.internal.Durable;
import io.interstice.journal.log.internal.PersistenceHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshots of a data directory, {@code <data-dir>/snapshots/<id>/}, without Pekko: what the
 * snapshot store plugin does with files, usable by offline tools and tests.
 *
 * <p>Besides the snapshot files, each id's folder holds {@code newest.dat}, the highest sequence
 * number a snapshot was ever saved at (lowered only when that snapshot is deleted on purpose). A
 * snapshot file that vanished is otherwise invisible: loading would quietly fall back to an older
 * one, whose later events may already be deleted. With the marker, a load that cannot find the
 * newest snapshot is damage, handled by the recovery mode like a bad checksum. The marker itself is
 * derived data: when it is missing or damaged it is ignored with a warning.
 *
 * <pre>
 * newest.dat
 * offset  width  field
 * 0       4      magic "ISTN" (0x4953544E)
 * 4       2      format version (1)
 * 6       2      reserved, 0
 * 8       8      highest sequence number saved
 * 16      4      CRC32C over bytes 0..15
 * </pre>
 *
 * (the layout of every {@link ChecksummedFile}, which reads and writes it)
 *
 * <p>Thread-safety: every method may be called from any thread; saves and deletes of one id are
 * serialised by this object's monitor.
 */
public final class SnapshotDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotDirectory.class);

  /** Name of the folder inside the data directory that holds every snapshot. */
  public static final String SNAPSHOTS_DIR = "snapshots";

  /** Name of the marker file in each id's folder. */
  public static final String NEWEST_FILE = "newest.dat";

  static final int NEWEST_MAGIC = 0x4953544E;
  static final short NEWEST_VERSION = 1;
  static final int NEWEST_LENGTH = 20;
  static final ChecksummedFile.Kind NEWEST_KIND =
      ChecksummedFile.Kind.of("snapshot marker", NEWEST_MAGIC, NEWEST_VERSION);

  private final Path root;
  private final RecoveryMode mode;
  private final List<LogDamage> damage = new CopyOnWriteArrayList<>();

  /** Selects snapshots by sequence number and timestamp, both ranges inclusive. */
  public record Criteria(
      long minSequenceNr, long maxSequenceNr, long minTimestamp, long maxTimestamp) {
    /** Every snapshot. */
    public static Criteria latest() {
      return new Criteria(0, Long.MAX_VALUE, 0, Long.MAX_VALUE);
    }

    boolean matchesSequenceNr(long seq) {
      return seq >= minSequenceNr && seq <= maxSequenceNr;
    }

    boolean matchesTimestamp(long ts) {
      return ts >= minTimestamp && ts <= maxTimestamp;
    }
  }

  private SnapshotDirectory(Path root, RecoveryMode mode) {
    this.root = root;
    this.mode = mode;
  }

  /** The snapshots of data directory {@code dataDir}; {@code mode} decides what damage does. */
  public static SnapshotDirectory open(Path dataDir, RecoveryMode mode) {
    return new SnapshotDirectory(Durable.ensureDirectory(dataDir.resolve(SNAPSHOTS_DIR)), mode);
  }

  /** Damage found so far (skipped in the lenient modes; in strict also thrown). */
  public List<LogDamage> damage() {
    return List.copyOf(damage);
  }

  /**
   * The newest intact snapshot of the id within {@code criteria}. A damaged or missing newest
   * snapshot fails the load in {@link RecoveryMode#STRICT}; in the other modes it is skipped,
   * loudly, for the next older one.
   */
  public Optional<SnapshotFile> newest(String persistenceId, Criteria criteria) {
    var dir = dirOf(persistenceId);
    long newest = newestSaved(dir);
    var files = candidates(dir, criteria);
    if (newest > 0 && criteria.matchesSequenceNr(newest)) {
      var expected = dir.resolve(SnapshotFile.fileName(newest));
      if (!Files.exists(expected)) {
        report(
            new LogDamage(
                expected,
                0,
                0,
                persistenceId,
                "snapshot at sequence number "
                    + newest
                    + " was saved ("
                    + NEWEST_FILE
                    + ") but its file is missing"));
      }
    }
    for (var file : files) {
      SnapshotFile snapshot;
      try {
        snapshot = SnapshotFile.read(file);
      } catch (JournalException e) {
        report(new LogDamage(file, 0, size(file), persistenceId, e.getMessage()));
        continue;
      }
      if (criteria.matchesTimestamp(snapshot.timestamp())) {
        return Optional.of(snapshot);
      }
    }
    return Optional.empty();
  }

  private void report(LogDamage found) {
    damage.add(found);
    if (mode == RecoveryMode.STRICT) {
      throw new CorruptLogException(
          found.file(),
          found.offset(),
          found.persistenceId(),
          found.reason() + "; load refused in recovery-mode strict");
    }
    LOG.error("skipping damaged snapshot ({}): {}", mode, found);
  }

  /** Writes a snapshot durably, replacing one at the same sequence number. */
  public void save(SnapshotFile snapshot) {
    var dir = dirOf(snapshot.persistenceId());
    synchronized (this) {
      snapshot.writeTo(dir);
      if (snapshot.sequenceNr() > newestSaved(dir)) {
        writeNewest(dir, snapshot.sequenceNr());
      }
    }
  }

  /** Deletes the snapshot at {@code sequenceNr}, if its timestamp matches ({@code 0}: any). */
  public void delete(String persistenceId, long sequenceNr, long timestamp) {
    var file = dirOf(persistenceId).resolve(SnapshotFile.fileName(sequenceNr));
    if (timestamp == 0 || timestampOf(file) == timestamp) {
      deleteFile(persistenceId, file);
    }
  }

  /** Deletes every snapshot of the id within {@code criteria}. */
  public void delete(String persistenceId, Criteria criteria) {
    for (var file : candidates(dirOf(persistenceId), criteria)) {
      if (criteria.matchesTimestamp(timestampOf(file))) {
        deleteFile(persistenceId, file);
      }
    }
  }

  private synchronized void deleteFile(String persistenceId, Path file) {
    var dir = file.getParent();
    try {
      if (!Files.deleteIfExists(file)) {
        return;
      }
      long seq = SnapshotFile.sequenceNrOf(file.getFileName().toString());
      if (seq == newestSaved(dir)) {
        // A deliberate delete of the newest snapshot: the next older one is now the newest.
        long left =
            candidates(dir, Criteria.latest()).stream()
                .mapToLong(f -> SnapshotFile.sequenceNrOf(f.getFileName().toString()))
                .max()
                .orElse(0);
        writeNewest(dir, left);
      }
      Durable.forceDirectory(dir);
    } catch (IOException e) {
      throw new JournalIoException(
          "cannot delete snapshot " + file + " of '" + persistenceId + "': " + e.getMessage(), e);
    }
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

  /** Snapshot files of the folder within the criteria's sequence range, newest first. */
  private static List<Path> candidates(Path dir, Criteria c) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (var files = Files.list(dir)) {
      var found = new ArrayList<Path>();
      files.forEach(
          f -> {
            long seq = SnapshotFile.sequenceNrOf(f.getFileName().toString());
            if (seq >= 0 && c.matchesSequenceNr(seq)) {
              found.add(f);
            }
          });
      found.sort(Comparator.comparing((Path f) -> f.getFileName().toString()).reversed());
      return found;
    } catch (IOException e) {
      throw new JournalIoException("cannot list snapshots in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The marker's sequence number; 0 when it is absent, and (with a warning) when damaged. */
  private static long newestSaved(Path dir) {
    var file = dir.resolve(NEWEST_FILE);
    if (!Files.exists(file)) {
      return 0;
    }
    String problem;
    try {
      var body = ChecksummedFile.read(file, NEWEST_KIND);
      if (body.remaining() == Long.BYTES) {
        return body.getLong();
      }
      problem = (body.limit() + ChecksummedFile.CRC_LENGTH) + " bytes instead of " + NEWEST_LENGTH;
    } catch (CorruptLogException | UnsupportedFormatException e) {
      problem = e.getMessage();
    }
    LOG.warn(
        "ignoring damaged {} ({}): missing newest snapshots cannot be noticed for it",
        file,
        problem);
    return 0;
  }

  private static void writeNewest(Path dir, long seq) {
    Durable.ensureDirectory(dir);
    ChecksummedFile.write(dir.resolve(NEWEST_FILE), NEWEST_KIND, out -> out.writeLong(seq));
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  private Path dirOf(String persistenceId) {
    return root.resolve(PersistenceHistory.fileName(persistenceId));
  }
}
