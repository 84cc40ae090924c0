package io.interstice.tests.hostile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Bytes on disk under a directory of a running node (the log's segments, sidecars, snapshots), for
 * bounding how much an attack makes it write. Stateless; files deleted while it walks count as
 * empty.
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
      return Files.size(file);
    } catch (IOException e) {
      return 0; // deleted while walking
    }
  }
}
