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
import java.util.HashSet;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a log directory into segments and an index: sealed segments from their sidecars (or by a
 * scan when the sidecar is missing or damaged, compared with the sidecar when the segment's size
 * changed), the last segment always by a scan, checked against the commit mark; lost segments are
 * found through their sidecars and the mark ({@link LostSegments}).
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
  private final boolean verifyAll;
  private final Consumer<Frame> visitor;

  private SegmentCatalog(Path logDir, String logId, RecoveryMode mode, boolean writing) {
    this(logDir, logId, mode, writing, false, f -> {});
  }

  private SegmentCatalog(
      Path logDir,
      String logId,
      RecoveryMode mode,
      boolean writing,
      boolean verifyAll,
      Consumer<Frame> visitor) {
    this.logDir = logDir;
    this.logId = logId;
    this.mode = mode;
    this.writing = writing;
    this.verifyAll = verifyAll || (writing && mode == RecoveryMode.TRUNCATE_AFTER_CORRUPTION);
    this.visitor = visitor;
  }

  /**
   * Loads without changing anything, scanning every segment (sealed ones too, compared with their
   * sidecars) and handing each intact frame to {@code visitor}: what offline verification sees.
   */
  static Loaded verifying(Path logDir, String logId, Consumer<Frame> visitor) {
    return new SegmentCatalog(logDir, logId, RecoveryMode.SKIP_CORRUPTED, false, true, visitor)
        .load();
  }

  static Loaded forWriting(Path logDir, String logId, RecoveryMode mode) {
    return new SegmentCatalog(logDir, logId, mode, true).load();
  }

  /**
   * For {@link RecoveryMode#TRUNCATE_AFTER_CORRUPTION}: cuts the log at the first damage of {@code
   * loaded} and loads what is left; the result still reports the damage that was cut away.
   */
  static Loaded cutAtFirstDamage(Path logDir, String logId, Loaded loaded) {
    if (loaded.damage().isEmpty()) {
      return loaded;
    }
    var catalog = new SegmentCatalog(logDir, logId, RecoveryMode.TRUNCATE_AFTER_CORRUPTION, true);
    var first = loaded.damage().get(0);
    long base = DamageFences.positionOf(first) - first.offset();
    catalog.cutAt(base, first);
    var rest = catalog.load();
    var damage = new ArrayList<>(loaded.damage());
    damage.addAll(rest.damage());
    return new Loaded(rest.segments(), rest.index(), damage);
  }

  static Loaded readOnly(Path logDir, String logId) {
    return new SegmentCatalog(logDir, logId, RecoveryMode.SKIP_CORRUPTED, false).load();
  }

  private Loaded load() {
    // The mark first: it is written after the frames it describes, so it never runs ahead of them.
    var mark = CommitMark.read(logDir).orElse(null);
    var listing = listFiles();
    var bases = new TreeSet<>(listing.segments());
    bases.addAll(listing.sidecars());
    long lastSegment = listing.segments().isEmpty() ? -1 : listing.segments().last();
    var segments = new TreeMap<Long, Segment>();
    var index = new LogIndex();
    var damage = new ArrayList<LogDamage>();
    for (long base : bases) {
      Segment segment = null;
      List<LogDamage> found;
      if (!listing.segments().contains(base)) {
        found = LostSegments.orphanSidecar(logDir, base);
      } else {
        segment = base == lastSegment ? loadLast(base, mark) : loadSealed(base);
        if (segment == null) {
          continue;
        }
        found = segment.damage;
      }
      damage.addAll(found);
      if (segment != null) {
        segment.entries.addTo(index);
        segments.put(base, segment);
      }
    }
    var lost = LostSegments.missingMarkedSegment(logDir, mark, segments);
    if (lost != null) {
      damage.add(lost);
    }
    var cut = LostSegments.markedSegmentCut(mark, segments, lastSegment);
    if (cut != null) {
      damage.add(cut);
    }
    if (writing || !verifyAll) {
      // Offline verification reports its findings itself; a log being opened reports here.
      damage.forEach(
          d ->
              LOG.error(
                  "log {}: {} (recovery-mode {})",
                  logId,
                  d,
                  mode.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')));
    }
    return new Loaded(segments, index, damage);
  }

  /** Segment and sidecar files of the directory, by base position. */
  private record Listing(SortedSet<Long> segments, Set<Long> sidecars) {}

  private Listing listFiles() {
    var segments = new TreeSet<Long>();
    var sidecars = new HashSet<Long>();
    try (Stream<Path> files = Files.list(logDir)) {
      for (var file : (Iterable<Path>) files::iterator) {
        var name = file.getFileName().toString();
        if (!SegmentNames.isKnown(name)) {
          throw new UnsupportedFormatException(
              "unexpected file "
                  + file
                  + " in log directory "
                  + logDir
                  + ": only segments, sidecars, LOCK, commit.dat and deletions.dat belong there;"
                  + " move it away");
        }
        if (name.endsWith(SegmentNames.TEMP_SUFFIX)) {
          if (writing) {
            Files.delete(file);
          }
          continue;
        }
        SegmentNames.segmentBase(name).ifPresent(segments::add);
        SegmentNames.sidecarBase(name).ifPresent(sidecars::add);
      }
    } catch (IOException e) {
      throw new JournalIoException(
          "cannot list log directory " + logDir + ": " + e.getMessage(), e);
    }
    return new Listing(segments, sidecars);
  }

  private Segment loadSealed(long base) {
    var path = SegmentNames.segment(logDir, base);
    var sidecar = SegmentNames.sidecar(logDir, base);
    long size = sizeOf(path);
    var header = readHeader(path, base);
    SidecarIndex.Contents recorded = null;
    if (Files.exists(sidecar)) {
      try {
        recorded = SidecarIndex.readContents(sidecar, base);
      } catch (CorruptLogException e) {
        LOG.warn("log {}: {}; scanning the segment instead", logId, e.getMessage());
      }
    }
    // A sidecar says where frames are, not that they are intact: cutting at the first damage
    // needs every frame verified, so that mode scans sealed segments too, as verification does.
    if (recorded != null && recorded.segmentSize() == size && !verifyAll) {
      return new Segment(base, path, header.length(), size, recorded.entries(), List.of());
    }
    var entries = new SegmentEntries();
    var scan = SegmentScanner.scan(path, f -> add(entries, f));
    if (recorded != null && (recorded.segmentSize() != size || !entriesMatch(entries, recorded))) {
      var damage = SidecarCheck.lostFrames(path, base, size, entries, scan.damage(), recorded);
      var intact = SidecarCheck.intact(entries, recorded);
      if (damage.isEmpty() && size != recorded.segmentSize()) {
        LOG.warn(
            "log {}: {} has {} bytes, its sidecar says {}; every frame it lists is intact,"
                + " rewriting the sidecar",
            logId,
            path,
            size,
            recorded.segmentSize());
        if (writing) {
          SidecarIndex.write(logDir, base, size, intact);
        }
      }
      return new Segment(base, path, header.length(), size, intact, damage);
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
      SidecarIndex.write(logDir, base, size, entries);
    }
    return new Segment(base, path, header.length(), size, entries, damage);
  }

  /**
   * The last segment, always scanned. A torn final frame is truncated only when it lies past what
   * the commit mark records as forced; acknowledged bytes that are missing or bad are damage.
   */
  private Segment loadLast(long base, CommitMark.Mark mark) {
    var path = SegmentNames.segment(logDir, base);
    long size = sizeOf(path);
    long committed = mark != null && mark.base() == base ? mark.end() - base : 0;
    var expectedHeader = SegmentHeader.of(base, logId).encode().array();
    if (size <= expectedHeader.length
        && committed <= expectedHeader.length
        && headerNeverWritten(path, expectedHeader)) {
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
    var damage = new ArrayList<>(scan.damage());
    long validSize = size;
    if (scan.tornTail() && scan.validEnd() >= committed) {
      if (writing) {
        LOG.warn(
            "log {}: truncating torn final frame of {} at offset {} ({} bytes, never acknowledged)",
            logId,
            path,
            scan.validEnd(),
            size - scan.validEnd());
        truncate(path, scan.validEnd());
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

  /**
   * Cuts the log at {@code first}, the first damage, found in (or for the missing segment at)
   * {@code base}: the segment is truncated there and every later one dropped. Sidecars go before
   * their segments, so a crash in between never leaves a sidecar without its segment.
   */
  private void cutAt(long base, LogDamage first) {
    var listing = listFiles();
    var later = new TreeSet<Long>();
    listing.segments().stream().filter(b -> b > base).forEach(later::add);
    listing.sidecars().stream().filter(b -> b > base).forEach(later::add);
    LOG.error(
        "log {}: recovery-mode truncate-after-corruption: cutting the log at {} offset {} and"
            + " dropping {} later segment(s); every frame from the damage on is lost",
        logId,
        first.file(),
        first.offset(),
        later.size());
    for (long next : later) {
      delete(SegmentNames.sidecar(logDir, next));
      delete(SegmentNames.segment(logDir, next));
    }
    delete(SegmentNames.sidecar(logDir, base));
    var path = SegmentNames.segment(logDir, base);
    if (Files.exists(path)) {
      truncate(path, Math.min(first.offset(), sizeOf(path)));
    }
    Durable.forceDirectory(logDir);
    markEnd();
  }

  /** Rewrites the commit mark to the end of the last segment there is now, or removes it. */
  private void markEnd() {
    markEnd(logDir);
  }

  /** Rewrites the commit mark of {@code logDir} to the end of its last segment, or removes it. */
  static void markEnd(Path logDir) {
    var segments = new TreeSet<Long>();
    try (Stream<Path> files = Files.list(logDir)) {
      files.forEach(
          f -> SegmentNames.segmentBase(f.getFileName().toString()).ifPresent(segments::add));
    } catch (IOException e) {
      throw new JournalIoException("cannot list " + logDir + ": " + e.getMessage(), e);
    }
    if (segments.isEmpty()) {
      delete(logDir.resolve(SegmentNames.COMMIT_FILE));
      Durable.forceDirectory(logDir);
      return;
    }
    long base = segments.last();
    CommitMark.writeDurably(logDir, base, base + sizeOf(SegmentNames.segment(logDir, base)));
  }

  private void add(SegmentEntries entries, Frame frame) {
    entries.add(
        frame.persistenceId(), frame.position(), frame.firstSequenceNr(), frame.lastSequenceNr());
    visitor.accept(frame);
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
