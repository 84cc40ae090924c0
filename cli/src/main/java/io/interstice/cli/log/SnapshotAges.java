package io.interstice.cli.log;

import io.interstice.journal.JournalException;
import io.interstice.journal.snapshot.SnapshotDirectory;
import io.interstice.journal.snapshot.SnapshotFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The snapshots of a data directory ({@code <data-dir>/snapshots/<id>/*.snap}) as {@code log stats}
 * reports them: each one's id, sequence number, time and size, read and checked offline (a snapshot
 * that fails its checks is listed with the reason). Stateless; reads files only.
 */
final class SnapshotAges {
  /** One snapshot file; {@code problem} is null when it reads back intact. */
  record Snapshot(
      Path file,
      String persistenceId,
      long sequenceNr,
      long timestamp,
      long bytes,
      String problem) {}

  private SnapshotAges() {}

  /** Every snapshot file under {@code dataDir}, by id then sequence number. */
  static List<Snapshot> of(Path dataDir) {
    var root = dataDir.resolve(SnapshotDirectory.SNAPSHOTS_DIR);
    var snapshots = new ArrayList<Snapshot>();
    if (!Files.isDirectory(root)) {
      return snapshots;
    }
    try (Stream<Path> files = Files.walk(root, 2)) {
      for (var file : files.sorted().toList()) {
        if (SnapshotFile.sequenceNrOf(file.getFileName().toString()) >= 0) {
          snapshots.add(read(file));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the snapshots in " + root, e);
    }
    snapshots.sort(
        Comparator.comparing(Snapshot::persistenceId).thenComparing(Snapshot::sequenceNr));
    return snapshots;
  }

  private static Snapshot read(Path file) {
    long bytes = file.toFile().length();
    long seq = SnapshotFile.sequenceNrOf(file.getFileName().toString());
    try {
      var snapshot = SnapshotFile.read(file);
      return new Snapshot(file, snapshot.persistenceId(), seq, snapshot.timestamp(), bytes, null);
    } catch (JournalException | UncheckedIOException e) {
      // The folder's name is the id, encoded; the damaged file cannot vouch for its own.
      var id =
          java.net.URLDecoder.decode(
              file.getParent().getFileName().toString(), java.nio.charset.StandardCharsets.UTF_8);
      return new Snapshot(file, id, seq, 0, bytes, e.getMessage());
    }
  }
}
