package io.interstice.journal.log;

import io.interstice.journal.JournalIoException;
import io.interstice.journal.UnsupportedFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Offline access to a log directory, without a running node: list segments, iterate every frame
 * with its position (verifying each checksum), verify the whole log, and cut it after a position.
 * Reading takes no lock; {@link #truncateAfter} and {@link #repair} take the directory lock, so
 * they refuse to touch a log a node is writing.
 *
 * <p>Thread-safety: each call works on its own; not meant for concurrent mutation.
 */
public final class LogReader {
  private final Path dir;
  private final String logId;

  private LogReader(Path dir, String logId) {
    this.dir = dir;
    this.logId = logId;
  }

  /**
   * Opens the log in {@code dir} for offline reading; its log id is the directory's name.
   *
   * @throws JournalIoException when the directory does not exist
   */
  public static LogReader open(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new JournalIoException("no log directory at " + dir);
    }
    return new LogReader(dir, dir.toAbsolutePath().normalize().getFileName().toString());
  }

  public Path directory() {
    return dir;
  }

  public String logId() {
    return logId;
  }

  /** A segment file and the state of its sidecar. */
  public record SegmentInfo(long base, Path file, long size, SidecarState sidecar) {}

  /** Whether a segment's sidecar index is present and matches it. */
  public enum SidecarState {
    /** Present, checksum good, describes this segment. */
    OK,
    /** Not written: the active segment, or a segment sealed by a crash before its sidecar. */
    MISSING,
    /** Present but damaged or describing another size. */
    BROKEN
  }

  /** Every segment in log order. */
  public List<SegmentInfo> segments() {
    var out = new ArrayList<SegmentInfo>();
    for (long base : bases()) {
      var file = SegmentNames.segment(dir, base);
      long size = size(file);
      var sidecar = SegmentNames.sidecar(dir, base);
      SidecarState state;
      if (!Files.exists(sidecar)) {
        state = SidecarState.MISSING;
      } else {
        try {
          SidecarIndex.read(sidecar, base, size);
          state = SidecarState.OK;
        } catch (RuntimeException e) {
          state = SidecarState.BROKEN;
        }
      }
      out.add(new SegmentInfo(base, file, size, state));
    }
    return out;
  }

  /**
   * Hands every valid frame to {@code visitor} in log order, verifying checksums; returns the scan
   * of each segment (with its damage and torn tail, if any).
   */
  public List<SegmentScan> forEachFrame(Consumer<Frame> visitor) {
    var scans = new ArrayList<SegmentScan>();
    for (long base : bases()) {
      var scan = SegmentScanner.scan(SegmentNames.segment(dir, base), visitor);
      if (!scan.header().logId().equals(logId)) {
        throw new UnsupportedFormatException(
            scan.file() + " belongs to log '" + scan.header().logId() + "', not '" + logId + "'");
      }
      scans.add(scan);
    }
    return scans;
  }

  /** Everything {@link #verify} found. */
  public record VerifyReport(
      int segments,
      long frames,
      long events,
      long bytes,
      List<LogDamage> damage,
      List<String> warnings) {
    /**
     * True when nothing needs an operator: no damage (a torn tail or a missing sidecar is benign).
     */
    public boolean healthy() {
      return damage.isEmpty();
    }
  }

  /**
   * Reads every frame of every segment and checks every sidecar and the commit mark, as opening the
   * log would but changing nothing. Reports mid-file damage, frames a sidecar lists that are lost,
   * segments that are missing, acknowledged bytes missing from the end of the log, a torn tail of
   * the last segment (benign: it is truncated when the log opens), and missing or broken sidecars
   * (benign: rebuilt when the log opens).
   */
  public VerifyReport verify(Consumer<SegmentInfo> progress) {
    var infos = segments();
    long[] frames = {0};
    long[] events = {0};
    long bytes = 0;
    var warnings = new ArrayList<String>();
    for (int i = 0; i < infos.size(); i++) {
      var info = infos.get(i);
      progress.accept(info);
      bytes += info.size();
      if (i < infos.size() - 1 && info.sidecar() != SidecarState.OK) {
        warnings.add(
            info.file()
                + ": sidecar "
                + info.sidecar().name().toLowerCase(java.util.Locale.ROOT)
                + " (rebuilt from the segment when the log opens)");
      }
    }
    var loaded =
        SegmentCatalog.verifying(
            dir,
            logId,
            f -> {
              frames[0]++;
              events[0] += f.events().size();
            });
    if (!infos.isEmpty()) {
      var last = infos.get(infos.size() - 1);
      var segment = loaded.segments().get(last.base());
      if (segment != null && segment.size() < last.size()) {
        warnings.add(
            last.file()
                + ": torn final frame at offset "
                + segment.size()
                + " (never acknowledged; truncated when the log opens)");
      }
    }
    return new VerifyReport(infos.size(), frames[0], events[0], bytes, loaded.damage(), warnings);
  }

  /**
   * Cuts the log so that it ends just before the frame at {@code position} (a frame position as
   * printed by {@code log dump}): the segment holding it is truncated there and every later segment
   * removed. Takes the directory lock.
   *
   * @return the number of bytes removed
   * @throws IllegalArgumentException when no frame starts at {@code position}
   */
  public long truncateAfter(long position) {
    var lock = DirectoryLock.acquire(dir);
    try {
      checkFrameBoundary(position);
      recordCutHoles(position);
      long removed = 0;
      for (var info : segments()) {
        long end = info.base() + info.size();
        if (info.base() >= position) {
          removed += info.size();
          delete(SegmentNames.sidecar(dir, info.base()));
          delete(info.file());
        } else if (position < end) {
          removed += end - position;
          delete(SegmentNames.sidecar(dir, info.base()));
          SegmentCatalog.truncate(info.file(), position - info.base());
        }
      }
      Durable.forceDirectory(dir);
      SegmentCatalog.markEnd(dir);
      return removed;
    } finally {
      lock.close();
    }
  }

  /**
   * Before frames from {@code position} on are dropped, records their sequence numbers as holes, so
   * that no id's highest number drops and strict recovery accepts the shorter history.
   */
  private void recordCutHoles(long position) {
    var loaded = SegmentCatalog.verifying(dir, logId, f -> {});
    var deletions = DeletionState.load(dir);
    deletions.recordHoles(
        new DamageFences(loaded.index(), loaded.segments(), deletions, java.util.Set.of())
            .cutAt(position)
            .holes());
  }

  private void checkFrameBoundary(long position) {
    boolean[] found = {false};
    for (var info : segments()) {
      if (position >= info.base() && position < info.base() + info.size()) {
        SegmentScanner.scan(info.file(), f -> found[0] |= f.position() == position);
      }
    }
    if (!found[0]) {
      throw new IllegalArgumentException(
          "no frame starts at position " + position + " in log " + dir + " (see `log dump`)");
    }
  }

  /**
   * Repairs damage: every damaged segment is rewritten without its damaged regions (valid frames
   * kept at new offsets, sidecar rebuilt on next open), a torn tail is cut, the sidecars of lost
   * segments are removed and the commit mark is set to the log's new end. First, the sequence
   * numbers the damage may have cost are recorded as holes in {@code deletions.dat} (as the lenient
   * recovery modes do), so that no id's highest number drops and strict recovery accepts the gaps
   * the repair leaves. Takes the directory lock.
   *
   * <p>The ids the log claimed in the journal's histories (next to the log directory) are fenced
   * too when the owner of damage is unknown.
   *
   * @return the damage that was removed
   */
  public List<LogDamage> repair() {
    var histories = dir.toAbsolutePath().getParent().resolve(JournalStore.HISTORIES_DIR);
    return repair(
        Files.isDirectory(histories)
            ? new PersistenceHistory(histories).claimedBy(logId)
            : java.util.Set.of());
  }

  /** As {@link #repair()}, with the ids the log claimed given instead of read from histories. */
  public List<LogDamage> repair(java.util.Set<String> claimed) {
    var lock = DirectoryLock.acquire(dir);
    try {
      var loaded = SegmentCatalog.verifying(dir, logId, f -> {});
      var removed = new ArrayList<>(loaded.damage());
      if (!removed.isEmpty()) {
        var deletions = DeletionState.load(dir);
        deletions.recordHoles(
            new DamageFences(loaded.index(), loaded.segments(), deletions, claimed)
                .lose(removed)
                .holes());
      }
      for (var info : segments()) {
        var scan = SegmentScanner.scan(info.file(), f -> {});
        if (scan.tornTail()) {
          removed.add(
              new LogDamage(
                  info.file(), scan.validEnd(), info.size(), null, "torn final frame removed"));
        }
        if (!scan.healthy() || removed.stream().anyMatch(d -> d.file().equals(info.file()))) {
          SegmentRewriter.rewriteWithoutDamage(dir, scan);
        }
      }
      for (var sidecar : orphanSidecars()) {
        delete(sidecar);
      }
      Durable.forceDirectory(dir);
      SegmentCatalog.markEnd(dir);
      return removed;
    } finally {
      lock.close();
    }
  }

  /** Sidecars whose segment does not exist. */
  private List<Path> orphanSidecars() {
    var bases = new java.util.HashSet<>(bases());
    var orphans = new ArrayList<Path>();
    try (Stream<Path> files = Files.list(dir)) {
      for (var file : (Iterable<Path>) files::iterator) {
        var base = SegmentNames.sidecarBase(file.getFileName().toString());
        if (base.isPresent() && !bases.contains(base.getAsLong())) {
          orphans.add(file);
        }
      }
    } catch (IOException e) {
      throw new JournalIoException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    return orphans;
  }

  private List<Long> bases() {
    var bases = new ArrayList<Long>();
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(
          f -> SegmentNames.segmentBase(f.getFileName().toString()).ifPresent(bases::add));
    } catch (IOException e) {
      throw new JournalIoException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    bases.sort(Long::compare);
    return bases;
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new JournalIoException("cannot read size of " + file + ": " + e.getMessage(), e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new JournalIoException("cannot delete " + file + ": " + e.getMessage(), e);
    }
  }
}
