package io.interstice.journal.lease;

import io.interstice.journal.JournalIoException;
import io.interstice.journal.log.internal.Durable;
import io.interstice.journal.log.internal.FileMutex;
import io.interstice.journal.log.internal.PersistenceHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The leases of a data directory, {@code <data-dir>/leases/}: per lease a {@code <name>.lease} file
 * ({@link LeaseRecord}) and beside it a {@code <name>.lock} file that holds nothing and makes each
 * read-decide-write of the lease file atomic between every thread of every node ({@link
 * FileMutex}). Names are encoded as persistence ids are in file names ({@link
 * PersistenceHistory#fileName}).
 *
 * <p>Thread-safe; the state lives in the files.
 */
public final class LeaseDirectory {
  /** Name of the folder inside the data directory that holds the lease files. */
  public static final String LEASES_DIR = "leases";

  static final String LEASE_SUFFIX = ".lease";
  static final String LOCK_SUFFIX = ".lock";

  private final Path dir;
  private final Duration lockTimeout;

  private LeaseDirectory(Path dir, Duration lockTimeout) {
    this.dir = dir;
    this.lockTimeout = lockTimeout;
  }

  /**
   * The leases of {@code dataDir}, whose updates wait at most {@code lockTimeout} for another
   * writer of the same lease.
   */
  public static LeaseDirectory of(Path dataDir, Duration lockTimeout) {
    return new LeaseDirectory(dataDir.resolve(LEASES_DIR), lockTimeout);
  }

  /** The file of lease {@code leaseName}. */
  public Path fileOf(String leaseName) {
    return dir.resolve(PersistenceHistory.fileName(leaseName) + LEASE_SUFFIX);
  }

  /**
   * What the file of {@code leaseName} says now, read without its lock (for tools and tests); empty
   * when there is no file.
   *
   * @throws DamagedLeaseException when the file is damaged
   */
  public Optional<LeaseRecord> read(String leaseName) {
    var file = fileOf(leaseName);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new JournalIoException("cannot read lease file " + file + ": " + e.getMessage(), e);
    }
    return Optional.of(LeaseRecord.decode(file, leaseName, bytes));
  }

  /**
   * Atomically with every other update of the lease, by any process: reads its record (empty when
   * there is none), hands it to {@code decide}, and writes durably the record {@code decide}
   * returns, if any.
   *
   * @return the record written, or empty when {@code decide} left the file as it was
   * @throws DamagedLeaseException when the file is damaged ({@code decide} is not asked)
   * @throws JournalIoException when the lock is not free within the timeout, or on an I/O error
   */
  public Optional<LeaseRecord> update(
      String leaseName, Function<Optional<LeaseRecord>, Optional<LeaseRecord>> decide) {
    Durable.ensureDirectory(dir);
    var lockFile = dir.resolve(PersistenceHistory.fileName(leaseName) + LOCK_SUFFIX);
    return FileMutex.run(
        lockFile,
        lockTimeout,
        () -> {
          var next = decide.apply(read(leaseName));
          next.ifPresent(record -> Durable.writeAtomically(fileOf(leaseName), record.encode()));
          return next;
        });
  }
}
