package io.interstice.journal.log;

import io.interstice.journal.JournalIoException;
import io.interstice.journal.LogLockedException;
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

/**
 * The single-writer lock of a log directory: an OS file lock on {@code LOCK}, whose content names
 * the current owner (process, host, time) so that a refused second writer can say who holds it. The
 * OS releases the lock when the owning process dies, so {@code kill -9} never leaves a stale lock
 * behind.
 *
 * <p>Thread-safety: acquired and released by the thread that opens and closes the log.
 */
public final class DirectoryLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(FileChannel channel, FileLock lock) {
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
        var owner = readOwner(channel);
        channel.close();
        throw new LogLockedException(
            "log directory " + logDir + " is already in use by another journal (" + owner + ")");
      }
      var owner =
          "pid "
              + ProcessHandle.current().pid()
              + " ("
              + ManagementFactory.getRuntimeMXBean().getName()
              + ") since "
              + Instant.now();
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(owner.getBytes(StandardCharsets.UTF_8)), 0);
      return new DirectoryLock(channel, lock);
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
    }
  }
}
