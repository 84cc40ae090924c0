package io.interstice.journal.log.internal;

import io.interstice.journal.JournalIoException;
import io.interstice.journal.log.SegmentNames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * File operations that are durable when they return: forced data, renames and directories.
 *
 * <p>Stateless and thread-safe; whoever changes a file through it must be that file's one owner.
 */
public final class Durable {
  private Durable() {}

  /**
   * Writes {@code bytes} to {@code target} so that after a crash the file holds either its old
   * content or all of the new: temporary file, force, atomic rename, force of the directory.
   */
  public static void writeAtomically(Path target, byte[] bytes) {
    var temp = target.resolveSibling(target.getFileName() + SegmentNames.TEMP_SUFFIX);
    try {
      try (var channel =
          FileChannel.open(
              temp,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        var buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      forceDirectory(target.getParent());
    } catch (IOException e) {
      throw new JournalIoException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /** Forces a directory so that entries created, renamed or removed in it survive a crash. */
  public static void forceDirectory(Path dir) {
    try (var channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      throw new JournalIoException("cannot force directory " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Creates {@code dir} and its parents, with a clear error when that is impossible. */
  public static Path ensureDirectory(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new JournalIoException(
          "cannot create directory "
              + dir
              + ": "
              + e.getClass().getSimpleName()
              + " "
              + e.getMessage(),
          e);
    }
    if (!Files.isWritable(dir)) {
      throw new JournalIoException("directory " + dir + " is not writable");
    }
    return dir;
  }
}
