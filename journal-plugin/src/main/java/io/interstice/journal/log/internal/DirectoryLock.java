package io.interstice.journal.log.internal;

import io.interstice.journal.JournalIoException;
import io.interstice.journal.LogLockedException;
import io.interstice.journal.log.SegmentNames;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The single-writer lock of a log directory: an OS file lock on {@code LOCK}, whose content names
 * the current owner (process, host, time) so that a refused second writer can say who holds it. The
 * OS releases the lock when the owning process dies, so {@code kill -9} never leaves a stale lock
 * behind.
 *
 * <p>Thread-safety: acquired and released by the thread that opens and closes the log; the
 * process-wide registry of held directories is a concurrent map.
 */
public final class DirectoryLock implements AutoCloseable {
  /**
   * Directories locked by this process, with their owner line. Consulted before the LOCK file is
   * opened: OS file locks belong to the process, and closing <em>any</em> channel on the file (such
   * as a refused second attempt's) would silently drop the lock this process holds.
   */
  private static final Map<Path, String> HELD = new ConcurrentHashMap<>();

  private final Path key;
  private final String owner;
  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(Path key, String owner, FileChannel channel, FileLock lock) {
    this.key = key;
    this.owner = owner;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of {@code logDir}.
   *
   * @throws LogLockedException when another journal holds it
   */
  public static DirectoryLock acquire(Path logDir) {
    var file = logDir.resolve(SegmentNames.LOCK_FILE);
    var owner =
        "pid "
            + ProcessHandle.current().pid()
            + " ("
            + ManagementFactory.getRuntimeMXBean().getName()
            + ") since "
            + Instant.now();
    var key = keyOf(logDir, file);
    var holder = HELD.putIfAbsent(key, owner);
    if (holder != null) {
      throw new LogLockedException(
          "log directory "
              + logDir
              + " is already in use by another journal (held by "
              + holder
              + ")");
    }
    try {
      return lockFile(logDir, file, key, owner);
    } catch (RuntimeException e) {
      HELD.remove(key, owner);
      throw e;
    }
  }

  private static Path keyOf(Path logDir, Path file) {
    try {
      return logDir.toRealPath();
    } catch (IOException e) {
      throw new JournalIoException("cannot lock " + file + ": " + e.getMessage(), e);
    }
  }

  private static DirectoryLock lockFile(Path logDir, Path file, Path key, String owner) {
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        var holder = readOwner(channel);
        channel.close();
        throw new LogLockedException(
            "log directory " + logDir + " is already in use by another journal (" + holder + ")");
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(owner.getBytes(StandardCharsets.UTF_8)), 0);
      return new DirectoryLock(key, owner, channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new JournalIoException("cannot lock " + file + ": " + e.getMessage(), e);
    }
  }

  private static String readOwner(FileChannel channel) throws IOException {
    var buffer = ByteBuffer.allocate(512);
    channel.read(buffer, 0);
    var text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).trim();
    return text.isEmpty() ? "owner unknown" : "held by " + text;
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // already failing; the original error is reported
      }
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new JournalIoException("cannot release lock: " + e.getMessage(), e);
    } finally {
      HELD.remove(key, owner);
    }
  }
}
