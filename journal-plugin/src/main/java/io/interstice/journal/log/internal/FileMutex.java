package io.interstice.journal.log.internal;

import io.interstice.journal.JournalIoException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Mutual exclusion between every thread of every process that shares a data directory, around short
 * read-decide-write steps on small shared files (a lease, an id's history): a lock in this JVM and
 * an OS file lock on a lock file that holds nothing and that nothing else opens.
 *
 * <p>Why both: OS file locks belong to the process, so two threads of one JVM would not exclude
 * each other (Java refuses the second with {@code OverlappingFileLockException}); and closing
 * <em>any</em> channel on a locked file drops the process's lock on it, which is why the lock file
 * is never the file the step reads or writes, and why only one thread of this JVM at a time opens
 * it.
 *
 * <p>Waiting is bounded: a holder that is paused (a stopped process keeps its locks) must not stall
 * the others forever; they fail with {@link JournalIoException} and try again later.
 *
 * <p>Thread-safe; stateless apart from the JVM-wide table of local locks (one per lock file ever
 * used, a few hundred at most: one per lease and per stripe of histories).
 */
public final class FileMutex {
  private static final Map<Path, ReentrantLock> LOCAL = new ConcurrentHashMap<>();
  private static final long FIRST_BACKOFF_MILLIS = 1;
  private static final long MAX_BACKOFF_MILLIS = 50;

  private FileMutex() {}

  /**
   * Runs {@code step} while holding the lock of {@code lockFile} (created if missing), waiting at
   * most {@code timeout} for it.
   *
   * @throws JournalIoException when the lock is not free within {@code timeout}, or the lock file
   *     cannot be opened
   */
  public static <T> T run(Path lockFile, Duration timeout, Supplier<T> step) {
    long deadline = System.nanoTime() + timeout.toNanos();
    var local =
        LOCAL.computeIfAbsent(lockFile.toAbsolutePath().normalize(), p -> new ReentrantLock());
    try {
      if (!local.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw busy(lockFile, timeout, "another thread of this process");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JournalIoException("interrupted while waiting for " + lockFile, e);
    }
    try (var channel =
        FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      var lock = lockWithin(channel, lockFile, timeout, deadline);
      try {
        return step.get();
      } finally {
        lock.release();
      }
    } catch (IOException e) {
      throw new JournalIoException("cannot lock " + lockFile + ": " + e.getMessage(), e);
    } finally {
      local.unlock();
    }
  }

  private static FileLock lockWithin(
      FileChannel channel, Path lockFile, Duration timeout, long deadline) throws IOException {
    long backoff = FIRST_BACKOFF_MILLIS;
    while (true) {
      var lock = channel.tryLock();
      if (lock != null) {
        return lock;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw busy(lockFile, timeout, "another process");
      }
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new JournalIoException("interrupted while waiting for " + lockFile, e);
      }
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
    }
  }

  private static JournalIoException busy(Path lockFile, Duration timeout, String holder) {
    return new JournalIoException(
        "cannot lock "
            + lockFile
            + " within "
            + timeout.toMillis()
            + " ms: "
            + holder
            + " holds it");
  }
}
