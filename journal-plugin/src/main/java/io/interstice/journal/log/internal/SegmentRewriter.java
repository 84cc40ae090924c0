package io.interstice.journal.log.internal;

import io.interstice.journal.JournalIoException;
import io.interstice.journal.log.FrameCodec;
import io.interstice.journal.log.SegmentNames;
import io.interstice.journal.log.SegmentScan;
import io.interstice.journal.log.SegmentScanner;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Rewrites a damaged segment with only its valid frames; used by offline repair.
 *
 * <p>Stateless; called only while the directory lock is held, so no writer touches the segment.
 */
final class SegmentRewriter {
  private SegmentRewriter() {}

  /**
   * Replaces the segment of {@code scan} by a copy holding its header and every valid frame, in
   * order, atomically (temporary file, force, rename). Its stale sidecar is deleted.
   */
  static void rewriteWithoutDamage(java.nio.file.Path dir, SegmentScan scan) {
    var temp = scan.file().resolveSibling(scan.file().getFileName() + SegmentNames.TEMP_SUFFIX);
    try (var out =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      writeFully(out, scan.header().encode());
      SegmentScanner.scan(
          scan.file(),
          frame -> writeFully(out, FrameCodec.encode(frame.persistenceId(), frame.events())));
      out.force(true);
    } catch (IOException e) {
      throw new JournalIoException("cannot rewrite " + scan.file() + ": " + e.getMessage(), e);
    }
    try {
      Files.deleteIfExists(SegmentNames.sidecar(dir, scan.header().basePosition()));
      Files.move(
          temp, scan.file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new JournalIoException("cannot replace " + scan.file() + ": " + e.getMessage(), e);
    }
  }

  private static void writeFully(FileChannel out, ByteBuffer bytes) {
    try {
      while (bytes.hasRemaining()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      throw new JournalIoException("cannot write repaired segment: " + e.getMessage(), e);
    }
  }
}
