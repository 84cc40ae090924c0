package io.interstice.journal.log.internal;

import io.interstice.journal.CorruptLogException;
import io.interstice.journal.JournalIoException;
import io.interstice.journal.UnsupportedFormatException;
import io.interstice.journal.log.Frame;
import io.interstice.journal.log.LogDamage;
import io.interstice.journal.log.RecoveryMode;
import io.interstice.journal.log.SegmentHeader;
import io.interstice.journal.log.SegmentInfo;
import io.interstice.journal.log.SegmentInfo.SidecarState;
import io.interstice.journal.log.SegmentNames;
import io.interstice.journal.log.SegmentScan;
import io.interstice.journal.log.SegmentScanner;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one segment file of a log being recovered: a sealed one from its sidecar (or by a scan when
 * the sidecar is missing or damaged, compared with the sidecar when the segment's size changed),
 * the last one always by a scan, checked against the commit mark. Each segment found is entered in
 * the {@link RecoveryTally}: its {@link SegmentInfo}, its frames, what is wrong with it.
 *
 * <p>When {@code writing}, it repairs what is safe to repair: it truncates a torn final frame,
 * removes a last segment whose header was never completely written and rewrites missing or broken
 * sidecars of healthy sealed segments. Otherwise it changes nothing on disk.
 *
 * <p>Not thread-safe; used by the thread that recovers the log.
 */
final class SegmentLoader {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentLoader.class);

  private final LogFiles files;
  private final String logId;
  private final boolean writing;
  private final boolean scanSealed;
  private final RecoveryTally tally;

  /**
   * A loader of the segments of {@code files} for a recovery with {@code purpose} in {@code mode}:
   * sealed segments are scanned even when their sidecar is good for verification, and for cutting
   * at the first damage (which needs every frame verified).
   */
  SegmentLoader(
      LogFiles files,
      String logId,
      LogRecovery.Purpose purpose,
      RecoveryMode mode,
      RecoveryTally tally) {
    this.files = files;
    this.logId = logId;
    this.writing = purpose == LogRecovery.Purpose.WRITE;
    this.scanSealed =
        purpose == LogRecovery.Purpose.VERIFY
            || (writing && mode == RecoveryMode.TRUNCATE_AFTER_CORRUPTION);
    this.tally = tally;
  }

  private Path dir() {
    return files.dir();
  }

  /** A sealed segment: from its sidecar when that describes it, else scanned. */
  Segment loadSealed(long base) {
    var path = SegmentNames.segment(dir(), base);
    var sidecar = SegmentNames.sidecar(dir(), base);
    long size = LogFiles.size(path);
    var header = readHeader(path, base);
    boolean exists = Files.exists(sidecar);
    SidecarIndex.Contents recorded = null;
    if (exists) {
      try {
        recorded = SidecarIndex.readContents(sidecar, base);
      } catch (CorruptLogException e) {
        LOG.warn("log {}: {}; scanning the segment instead", logId, e.getMessage());
      }
    }
    var state = LogFiles.stateOf(exists, recorded, size);
    tally.segment(new SegmentInfo(base, path, size, state));
    if (state != SidecarState.OK) {
      tally.warnings.add(
          path
              + ": sidecar "
              + state.name().toLowerCase(Locale.ROOT)
              + " (the segment was scanned instead; opening the log rebuilds it)");
    }
    if (state == SidecarState.OK && !scanSealed) {
      tally.listed(recorded.entries());
      return new Segment(base, path, header.length(), size, recorded.entries(), List.of());
    }
    var entries = new SegmentEntries();
    var scan = SegmentScanner.scan(path, f -> add(entries, f));
    if (recorded != null && (recorded.segmentSize() != size || !entriesMatch(entries, recorded))) {
      return compared(base, path, size, header, entries, scan, recorded);
    }
    var damage = new ArrayList<>(scan.damage());
    if (scan.tornTail()) {
      damage.add(
          new LogDamage(
              path,
              scan.validEnd(),
              size,
              null,
              "sealed segment ends inside a frame (" + (size - scan.validEnd()) + " bytes)"));
    }
    if (writing && damage.isEmpty()) {
      SidecarIndex.write(dir(), base, size, entries);
    }
    return new Segment(base, path, header.length(), size, entries, damage);
  }

  /** A scanned sealed segment that does not match its verified sidecar: what the sidecar lost. */
  private Segment compared(
      long base,
      Path path,
      long size,
      SegmentHeader header,
      SegmentEntries scanned,
      SegmentScan scan,
      SidecarIndex.Contents recorded) {
    var damage = SidecarCheck.lostFrames(path, base, size, scanned, scan.damage(), recorded);
    var intact = SidecarCheck.intact(scanned, recorded);
    if (damage.isEmpty() && size != recorded.segmentSize()) {
      LOG.warn(
          "log {}: {} has {} bytes, its sidecar says {}; every frame it lists is intact,"
              + " rewriting the sidecar",
          logId,
          path,
          size,
          recorded.segmentSize());
      if (writing) {
        SidecarIndex.write(dir(), base, size, intact);
      }
    }
    return new Segment(base, path, header.length(), size, intact, damage);
  }

  /**
   * The last segment, always scanned. A torn final frame is truncated only when it lies past what
   * the commit mark records as forced; acknowledged bytes that are missing or bad are damage. Zeros
   * after the last frame, to the end of the file, are space the writer filled ahead of its frames
   * (preallocation) or blocks of an append that never reached the disk: cut off when writing,
   * without a warning. Returns null for a segment whose header was never completely written
   * (removed when writing).
   */
  Segment loadLast(long base, CommitMark.Mark mark) {
    var path = SegmentNames.segment(dir(), base);
    long size = LogFiles.size(path);
    tally.segment(new SegmentInfo(base, path, size, files.sidecarState(base, size)));
    long committed = mark != null && mark.base() == base ? mark.end() - base : 0;
    var expectedHeader = SegmentHeader.of(base, logId).encode().array();
    if (size <= expectedHeader.length
        && committed <= expectedHeader.length
        && headerNeverWritten(path, expectedHeader)) {
      // A crash while a new segment was being created: nothing was ever acknowledged in it.
      if (writing) {
        LOG.warn("log {}: removing {} whose header was never completely written", logId, path);
        LogFiles.delete(path);
        files.forceDirectory();
        tally.bytesTruncated += size;
      }
      return null;
    }
    readHeader(path, base);
    var entries = new SegmentEntries();
    var scan = SegmentScanner.scan(path, f -> add(entries, f));
    var damage = new ArrayList<>(scan.damage());
    long validSize = size;
    if (scan.tornTail() && scan.validEnd() >= committed) {
      if (SegmentScanner.endOfData(path) <= scan.validEnd()) { // nothing but zeros after it
        unusedTail(path, size, scan.validEnd());
      } else {
        tornTail(path, size, scan.validEnd());
      }
      validSize = scan.validEnd();
    } else if (scan.tornTail() || size < committed) {
      long validEnd = scan.tornTail() ? scan.validEnd() : size;
      damage.add(
          new LogDamage(
              path,
              validEnd,
              Math.max(committed, size),
              null,
              "frames were forced up to offset "
                  + committed
                  + " ("
                  + SegmentNames.COMMIT_FILE
                  + "), but the segment's valid frames end at offset "
                  + validEnd));
    }
    return new Segment(base, path, scan.header().length(), validSize, entries, damage);
  }

  /** Zeros after the last frame, never part of one: cut off when writing. */
  private void unusedTail(Path path, long size, long validEnd) {
    if (writing) {
      LOG.debug(
          "log {}: cutting {} zero bytes after the last frame of {} at offset {}",
          logId,
          size - validEnd,
          path,
          validEnd);
      LogFiles.truncate(path, validEnd);
    }
  }

  /** A final frame that was never acknowledged: cut off when writing, reported either way. */
  private void tornTail(Path path, long size, long validEnd) {
    if (writing) {
      LOG.warn(
          "log {}: truncating torn final frame of {} at offset {} ({} bytes, never acknowledged)",
          logId,
          path,
          validEnd,
          size - validEnd);
      LogFiles.truncate(path, validEnd);
    }
    tally.bytesTruncated += size - validEnd;
    tally.warnings.add(
        path
            + ": torn final frame at offset "
            + validEnd
            + (writing
                ? " (never acknowledged; truncated)"
                : " (never acknowledged; truncated when the log opens)"));
  }

  private void add(SegmentEntries entries, Frame frame) {
    entries.add(frame);
    tally.frame(frame);
  }

  private static boolean entriesMatch(SegmentEntries scanned, SidecarIndex.Contents recorded) {
    return SidecarCheck.intact(scanned, recorded).size() == recorded.entries().size()
        && scanned.size() == recorded.entries().size();
  }

  private SegmentHeader readHeader(Path path, long base) {
    try (var channel = FileChannel.open(path, StandardOpenOption.READ)) {
      var buffer = ByteBuffer.allocate((int) Math.min(channel.size(), SegmentHeader.MAX_LENGTH));
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // keep reading until the header bytes are in
      }
      var header = SegmentHeader.decode(path, buffer.flip());
      if (header.basePosition() != base) {
        throw new CorruptLogException(
            path,
            SegmentHeader.OFFSET_BASE,
            null,
            "header base position " + header.basePosition() + " does not match the file name");
      }
      if (!header.logId().equals(logId)) {
        throw new UnsupportedFormatException(
            path
                + " belongs to log '"
                + header.logId()
                + "' but lies in the directory of log '"
                + logId
                + "'");
      }
      return header;
    } catch (IOException e) {
      throw new JournalIoException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * All zeros, or a strict prefix of the header this log writes for the segment: a header write
   * that did not complete. The whole header counts, not just its fixed part, since the log id makes
   * it longer than {@link SegmentHeader#FIXED_LENGTH}.
   */
  private static boolean headerNeverWritten(Path path, byte[] expectedHeader) {
    try {
      var bytes = Files.readAllBytes(path);
      boolean zeros = true;
      for (byte b : bytes) {
        zeros &= b == 0;
      }
      boolean prefix =
          bytes.length < expectedHeader.length
              && Arrays.equals(bytes, 0, bytes.length, expectedHeader, 0, bytes.length);
      return zeros || prefix;
    } catch (IOException e) {
      throw new JournalIoException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }
}
