package io.interstice.journal.log;

import io.interstice.journal.CorruptLogException;
import io.interstice.journal.JournalIoException;
import io.interstice.journal.UnsupportedFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a log directory into segments and an index: sealed segments from their sidecars (or by a
 * scan when the sidecar is missing, stale or damaged), the last segment always by a scan.
 *
 * <p>With {@link #forWriting} it also repairs what is safe to repair: it removes temporary files,
 * truncates a torn final frame, drops a last segment whose header was never completely written,
 * rewrites missing or broken sidecars of healthy sealed segments and, in {@link
 * RecoveryMode#TRUNCATE_AFTER_CORRUPTION}, cuts the log at the first damage. Read-only loading
 * changes nothing on disk (another node may be writing the log).
 *
 * <p>Not thread-safe; used once per open by the thread that opens the log.
 */
final class SegmentCatalog {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentCatalog.class);

  /** The loaded state of a log directory. */
  record Loaded(NavigableMap<Long, Segment> segments, LogIndex index, List<LogDamage> damage) {}

  private final Path logDir;
  private final String logId;
  private final RecoveryMode mode;
  private final boolean writing;

  private SegmentCatalog(Path logDir, String logId, RecoveryMode mode, boolean writing) {
    this.logDir = logDir;
    this.logId = logId;
    this.mode = mode;
    this.writing = writing;
  }

  static Loaded forWriting(Path logDir, String logId, RecoveryMode mode) {
    return new SegmentCatalog(logDir, logId, mode, true).load();
  }

  static Loaded readOnly(Path logDir, String logId) {
    return new SegmentCatalog(logDir, logId, RecoveryMode.SKIP_CORRUPTED, false).load();
  }

  private Loaded load() {
    var bases = listSegments();
    var segments = new TreeMap<Long, Segment>();
    var index = new LogIndex();
    var damage = new ArrayList<LogDamage>();
    for (int i = 0; i < bases.size(); i++) {
      long base = bases.get(i);
      boolean last = i == bases.size() - 1;
      var segment = last ? loadLast(base) : loadSealed(base);
      if (segment == null) {
        continue;
      }
      damage.addAll(segment.damage);
      if (writing && mode == RecoveryMode.TRUNCATE_AFTER_CORRUPTION && !segment.damage.isEmpty()) {
        truncateAfter(segment, bases.subList(i + 1, bases.size()));
        return new SegmentCatalog(logDir, logId, mode, writing).load();
      }
      segment.entries.addTo(index);
      segments.put(base, segment);
    }
    damage.forEach(
        d ->
            LOG.error(
                "log {}: {} (recovery-mode {})",
                logId,
                d,
                mode.name().toLowerCase(java.util.Locale.ROOT)));
    return new Loaded(segments, index, damage);
  }

  private List<Long> listSegments() {
    var bases = new ArrayList<Long>();
    try (Stream<Path> files = Files.list(logDir)) {
      for (var file : (Iterable<Path>) files::iterator) {
        var name = file.getFileName().toString();
        if (!SegmentNames.isKnown(name)) {
          throw new UnsupportedFormatException(
              "unexpected file "
                  + file
                  + " in log directory "
                  + logDir
                  + ": only segments, sidecars, LOCK and deletions.dat belong there; move it away");
        }
        if (name.endsWith(SegmentNames.TEMP_SUFFIX) && writing) {
          Files.delete(file);
        }
        SegmentNames.segmentBase(name).ifPresent(bases::add);
      }
    } catch (IOException e) {
      throw new JournalIoException(
          "cannot list log directory " + logDir + ": " + e.getMessage(), e);
    }
    bases.sort(Long::compare);
    return bases;
  }

  private Segment loadSealed(long base) {
    var path = SegmentNames.segment(logDir, base);
    var sidecar = SegmentNames.sidecar(logDir, base);
    long size = sizeOf(path);
    var header = readHeader(path, base);
    // A sidecar says where frames are, not that they are intact: cutting at the first damage
    // needs every frame verified, so that mode scans sealed segments too.
    boolean verifyFrames = writing && mode == RecoveryMode.TRUNCATE_AFTER_CORRUPTION;
    if (Files.exists(sidecar) && !verifyFrames) {
      try {
        var entries = SidecarIndex.read(sidecar, base, size);
        return new Segment(base, path, header.length(), size, entries, List.of());
      } catch (CorruptLogException e) {
        LOG.warn("log {}: {}; scanning the segment instead", logId, e.getMessage());
      }
    }
    var entries = new SegmentEntries();
    var scan = SegmentScanner.scan(path, f -> add(entries, f));
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
      SidecarIndex.write(logDir, base, size, entries);
    }
    return new Segment(base, path, header.length(), size, entries, damage);
  }

  private Segment loadLast(long base) {
    var path = SegmentNames.segment(logDir, base);
    long size = sizeOf(path);
    var expectedHeader = SegmentHeader.of(base, logId).encode().array();
    if (size <= expectedHeader.length && headerNeverWritten(path, expectedHeader)) {
      // A crash while a new segment was being created: nothing was ever acknowledged in it.
      if (writing) {
        LOG.warn("log {}: removing {} whose header was never completely written", logId, path);
        delete(path);
        Durable.forceDirectory(logDir);
      }
      return null;
    }
    readHeader(path, base);
    var entries = new SegmentEntries();
    var scan = SegmentScanner.scan(path, f -> add(entries, f));
    if (scan.tornTail() && writing) {
      LOG.warn(
          "log {}: truncating torn final frame of {} at offset {} ({} bytes, never acknowledged)",
          logId,
          path,
          scan.validEnd(),
          size - scan.validEnd());
      truncate(path, scan.validEnd());
    }
    long validSize = scan.tornTail() ? scan.validEnd() : size;
    return new Segment(
        base, path, scan.header().length(), validSize, entries, List.copyOf(scan.damage()));
  }

  private static void add(SegmentEntries entries, Frame frame) {
    entries.add(
        frame.persistenceId(), frame.position(), frame.firstSequenceNr(), frame.lastSequenceNr());
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

  private void truncateAfter(Segment segment, List<Long> later) {
    var first = segment.damage.get(0);
    LOG.error(
        "log {}: recovery-mode truncate-after-corruption: cutting {} at offset {} and dropping {}"
            + " later segment(s); every frame from the damage on is lost",
        logId,
        segment.path,
        first.offset(),
        later.size());
    for (long base : later) {
      delete(SegmentNames.segment(logDir, base));
      delete(SegmentNames.sidecar(logDir, base));
    }
    delete(SegmentNames.sidecar(logDir, segment.base));
    truncate(segment.path, first.offset());
    Durable.forceDirectory(logDir);
  }

  private static long sizeOf(Path path) {
    try {
      return Files.size(path);
    } catch (IOException e) {
      throw new JournalIoException("cannot read size of " + path + ": " + e.getMessage(), e);
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

  static void truncate(Path path, long size) {
    try (var channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
      channel.truncate(size);
      channel.force(true);
    } catch (IOException e) {
      throw new JournalIoException("cannot truncate " + path + ": " + e.getMessage(), e);
    }
  }

  private static void delete(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new JournalIoException("cannot delete " + path + ": " + e.getMessage(), e);
    }
  }
}
