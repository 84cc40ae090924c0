package io.interstice.journal.log.internal;

import io.interstice.journal.log.Frame;
import io.interstice.journal.log.LogDamage;
import io.interstice.journal.log.LogReader;
import io.interstice.journal.log.NodeLog;
import io.interstice.journal.log.RecoveryMode;
import io.interstice.journal.log.RecoveryReport;
import io.interstice.journal.log.SegmentInfo;
import io.interstice.journal.log.SegmentNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovers a log directory into its in-memory {@link LogState} and a {@link RecoveryReport}: the
 * one recovery behind opening a log for writing ({@link NodeLog}), reading another node's log
 * ({@link ReadOnlyLog}) and verifying, repairing or cutting one offline ({@link LogReader}).
 *
 * <p>Each segment is loaded by a {@link SegmentLoader}; lost segments are found through their
 * sidecars and the commit mark ({@link LostSegments}). Opened for writing, a recovery also repairs
 * what is safe to repair (temporary files, a torn tail, a half-created segment, stale sidecars)
 * and, in a lenient {@link RecoveryMode}, accepts the loss of what damage holds: the sequence
 * numbers it may have held are first recorded as holes ({@link DamageFences}), durably, so that no
 * id's highest number drops below one acknowledged; only then, in truncate-after-corruption, is the
 * log cut at the first damage. Read-only and verifying recoveries change nothing on disk (another
 * node may be writing the log).
 *
 * <p>Not thread-safe; one recovery runs on the thread that asks for it, and the state it returns is
 * owned by that thread until handed over.
 */
public final class LogRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(LogRecovery.class);

  /** What a recovery is for. */
  enum Purpose {
    /** Opening the log to append to it: repairs, and applies the recovery mode. */
    WRITE,
    /** Reading a log another node may be writing: changes nothing. */
    READ,
    /** Checking every frame offline: changes nothing, scans sealed segments too, logs nothing. */
    VERIFY
  }

  /** A recovered log. */
  public record Recovered(LogState state, RecoveryReport report) {}

  private final LogFiles files;
  private final String logId;
  private final RecoveryMode mode;
  private final Purpose purpose;
  private Supplier<Set<String>> knownIds = Set::of;
  private Consumer<Frame> visitor = f -> {};
  private Consumer<SegmentInfo> progress = s -> {};

  private LogRecovery(Path dir, String logId, RecoveryMode mode, Purpose purpose) {
    this.files = new LogFiles(dir);
    this.logId = logId;
    this.mode = mode;
    this.purpose = purpose;
  }

  /**
   * A recovery that opens the log for appending; {@code knownIds} are ids the log may have written
   * besides those its frames and deletions name, asked only when a lenient mode accepts a loss.
   */
  public static LogRecovery forWriting(
      Path dir, String logId, RecoveryMode mode, Supplier<Set<String>> knownIds) {
    var recovery = new LogRecovery(dir, logId, mode, Purpose.WRITE);
    recovery.knownIds = knownIds;
    return recovery;
  }

  /** A recovery that reads a log without changing it; damage is skipped, as it is replayed. */
  public static LogRecovery readOnly(Path dir, String logId) {
    return new LogRecovery(dir, logId, RecoveryMode.SKIP_CORRUPTED, Purpose.READ);
  }

  /**
   * A recovery that changes nothing and scans every segment, handing each intact frame to {@code
   * visitor} and each segment to {@code progress} before it is read: what offline verification
   * sees.
   */
  public static LogRecovery verifying(
      Path dir, String logId, Consumer<Frame> visitor, Consumer<SegmentInfo> progress) {
    var recovery = new LogRecovery(dir, logId, RecoveryMode.SKIP_CORRUPTED, Purpose.VERIFY);
    recovery.visitor = visitor;
    recovery.progress = progress;
    return recovery;
  }

  /** Recovers the log: loads it, accepts losses the recovery mode accepts, and reports. */
  public Recovered recover() {
    var tally = new RecoveryTally(visitor, progress);
    var loaded = load(tally);
    var deletions = DeletionState.load(files.dir());
    if (purpose == Purpose.WRITE && mode != RecoveryMode.STRICT && !tally.damage.isEmpty()) {
      loaded = acceptLoss(loaded, deletions, tally);
    }
    return new Recovered(
        new LogState(files.dir(), loaded.segments(), loaded.index(), deletions), tally.report());
  }

  /** Segments and index as loaded, with the damage this load found. */
  private record Loaded(
      NavigableMap<Long, Segment> segments, LogIndex index, List<LogDamage> damage) {}

  private Loaded load(RecoveryTally tally) {
    boolean writing = purpose == Purpose.WRITE;
    var loader = new SegmentLoader(files, logId, purpose, mode, tally);
    // The mark first: it is written after the frames it describes, so it never runs ahead of them.
    var mark = CommitMark.read(files.dir()).orElse(null);
    var listing = files.listForLoading(writing);
    var segments = new TreeMap<Long, Segment>();
    var index = new LogIndex();
    var damage = new ArrayList<LogDamage>();
    for (long base : listing.bases()) {
      if (!listing.segments().contains(base)) {
        damage.addAll(LostSegments.orphanSidecar(files.dir(), base));
        continue;
      }
      var segment =
          base == listing.lastSegment() ? loader.loadLast(base, mark) : loader.loadSealed(base);
      if (segment != null) {
        damage.addAll(segment.damage);
        segment.entries.addTo(index);
        segments.put(base, segment);
      }
    }
    var lost = LostSegments.missingMarkedSegment(files.dir(), mark, segments);
    if (lost != null) {
      damage.add(lost);
    }
    var cut = LostSegments.markedSegmentCut(mark, segments, listing.lastSegment());
    if (cut != null) {
      damage.add(cut);
    }
    if (purpose != Purpose.VERIFY) {
      // Offline verification reports its findings itself; a log being opened reports here.
      damage.forEach(d -> LOG.error("log {}: {} (recovery-mode {})", logId, d, modeName()));
    }
    tally.damage.addAll(damage);
    return new Loaded(segments, index, damage);
  }

  /**
   * A lenient recovery mode gives up what the damage holds. First the numbers it may have held are
   * recorded as holes, durably; only then, in truncate-after-corruption, is the log cut and loaded
   * again (the report keeps the damage that was cut away).
   */
  private Loaded acceptLoss(Loaded loaded, DeletionState deletions, RecoveryTally tally) {
    var fences =
        new DamageFences(loaded.index(), loaded.segments(), deletions, knownIds.get())
            .lose(loaded.damage());
    if (mode != RecoveryMode.TRUNCATE_AFTER_CORRUPTION) {
      deletions.recordHoles(fences.holes());
      tally.holes = fences.holes();
      return loaded;
    }
    var first = loaded.damage().get(0);
    long position = DamageFences.positionOf(first);
    tally.holes = fences.cutAt(position).holes();
    deletions.recordHoles(tally.holes);
    tally.bytesTruncated += cutAt(position - first.offset(), first);
    closeAll(loaded.segments());
    tally.forgetContents();
    return load(tally);
  }

  /**
   * Cuts the log at {@code first}, the first damage, found in (or for the missing segment at)
   * {@code base}: the segment is truncated there and every later one dropped. Sidecars go before
   * their segments, so a crash in between never leaves a sidecar without its segment.
   *
   * @return the bytes cut off
   */
  private long cutAt(long base, LogDamage first) {
    var listing = files.list();
    var later = new TreeSet<>(listing.bases().tailSet(base + 1));
    LOG.error(
        "log {}: recovery-mode truncate-after-corruption: cutting the log at {} offset {} and"
            + " dropping {} later segment(s); every frame from the damage on is lost",
        logId,
        first.file(),
        first.offset(),
        later.size());
    long cut = 0;
    for (long next : later) {
      var segment = SegmentNames.segment(files.dir(), next);
      cut += listing.segments().contains(next) ? LogFiles.size(segment) : 0;
      files.removeSegment(next);
    }
    LogFiles.delete(SegmentNames.sidecar(files.dir(), base));
    var path = SegmentNames.segment(files.dir(), base);
    if (listing.segments().contains(base)) {
      long size = LogFiles.size(path);
      long keep = Math.min(first.offset(), size);
      LogFiles.truncate(path, keep);
      cut += size - keep;
    }
    files.forceDirectory();
    files.markEnd();
    return cut;
  }

  private static void closeAll(NavigableMap<Long, Segment> segments) {
    segments.values().forEach(Segment::close);
  }

  private String modeName() {
    return mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
