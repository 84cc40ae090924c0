package io.interstice.tests.hostile;

import io.interstice.journal.JournalIoException;
import io.interstice.journal.log.SegmentNames;
import io.interstice.journal.log.SegmentScanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Bytes on disk under a directory of a running node (the log's segments, sidecars, snapshots), for
 * bounding how much an attack makes it write. A log segment counts up to its last non-zero byte:
 * the zeros the log keeps ahead of its frames with interstice.journal.preallocate are not data
 * anybody wrote. Stateless; files deleted while it walks count as empty.
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
      return file.getFileName().toString().endsWith(SegmentNames.SEGMENT_SUFFIX)
          ? SegmentScanner.endOfData(file)
          : Files.size(file);
    } catch (IOException | JournalIoException e) {
      return 0; // deleted while walking
    }
  }
}
