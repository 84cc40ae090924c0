package io.interstice.tests.hostile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * Bytes on disk under a directory of a running node (the log's segments, sidecars, snapshots), for
 * bounding how much an attack makes it write. A log segment counts up to its last non-zero byte:
 * the zeros the log keeps ahead of its frames (interstice.journal.preallocate, up to 1 MiB per
 * step) are not data anybody wrote. Stateless; files deleted while it walks count as empty.
 */
final class DirectoryBytes {
  private DirectoryBytes() {}

  static long of(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(DirectoryBytes::size).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long size(Path file) {
    try {
      long size = Files.size(file);
      return file.getFileName().toString().endsWith(".log") ? withoutZeroTail(file, size) : size;
    } catch (IOException e) {
      return 0; // deleted while walking
    }
  }

  /** Where the last non-zero byte of a file of {@code size} bytes ends, read from the end. */
  private static long withoutZeroTail(Path file, long size) throws IOException {
    try (var channel = FileChannel.open(file, StandardOpenOption.READ)) {
      var buffer = ByteBuffer.allocate(64 * 1024);
      long end = size;
      while (end > 0) {
        long from = Math.max(0, end - buffer.capacity());
        buffer.clear().limit((int) (end - from));
        while (buffer.hasRemaining() && channel.read(buffer, from + buffer.position()) > 0) {
          // positional reads until the piece is in
        }
        for (int i = buffer.position() - 1; i >= 0; i--) {
          if (buffer.get(i) != 0) {
            return from + i + 1;
          }
        }
        end = from;
      }
      return 0;
    }
  }
}
