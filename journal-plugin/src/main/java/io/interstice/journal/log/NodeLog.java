package io.interstice.journal.log;

import java.nio.file.Path;
import java.util.List;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's log: every persistence id a journal serves, appended to one segmented log in {@code
 * <journal-dir>/<log-id>/} with group commit. Opening it takes the directory lock, loads the
 * segments (truncating a torn tail, reporting other damage per {@link RecoveryMode}) and starts the
 * writer thread.
 *
 * <p>Thread-safety: all methods may be called from any thread. Appends are serialised by the {@link
 * GroupCommitWriter}; reads use positional reads on shared channels; deletions are serialised by
 * this object's monitor.
 */
public final class NodeLog implements LogSource, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeLog.class);

  private final Path dir;
  private final String logId;
  private final RecoveryMode recoveryMode;
  private final DirectoryLock lock;
  private final NavigableMap<Long, Segment> segments;
  private final LogIndex index;
  private final DeletionState deletions;
  private final List<LogDamage> damage;
  private final List<LogDamage> replayDamage = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final GroupCommitWriter writer;
  private final java.util.concurrent.atomic.AtomicBoolean open =
      new java.util.concurrent.atomic.AtomicBoolean(true);

  private NodeLog(Builder b) {
    this.dir = Durable.ensureDirectory(b.dir);
    this.logId = b.logId;
    this.recoveryMode = b.settings.recoveryMode();
    this.lock = DirectoryLock.acquire(dir);
    try {
      var loaded = SegmentCatalog.forWriting(dir, logId, recoveryMode);
      this.deletions = DeletionState.load(dir);
      if (recoveryMode != RecoveryMode.STRICT && !loaded.damage().isEmpty()) {
        loaded = acceptLoss(loaded, b.knownIds.get());
      }
      this.segments = new ConcurrentSkipListMap<>(loaded.segments());
      this.index = loaded.index();
      this.damage = loaded.damage();
      this.writer = new GroupCommitWriter(dir, logId, b.settings, segments, index, b.channels);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
    LOG.info(
        "log {} opened in {}: {} segment(s), {} persistence id(s), fsync {}",
        logId,
        dir,
        segments.size(),
        index.persistenceIds().size(),
        b.settings.fsync().name().toLowerCase(java.util.Locale.ROOT));
  }

  /**
   * A lenient recovery mode gives up what the damage holds. First the numbers it may have held are
   * recorded as holes, durably, so no id's highest sequence number drops below one acknowledged and
   * later replays know the gaps; only then, in truncate-after-corruption, is the log cut.
   */
  private SegmentCatalog.Loaded acceptLoss(SegmentCatalog.Loaded loaded, Set<String> claimed) {
    var fences =
        new DamageFences(loaded.index(), loaded.segments(), deletions, claimed)
            .lose(loaded.damage());
    if (recoveryMode == RecoveryMode.TRUNCATE_AFTER_CORRUPTION) {
      deletions.recordHoles(fences.cutAt(DamageFences.positionOf(loaded.damage().get(0))).holes());
      return SegmentCatalog.cutAtFirstDamage(dir, logId, loaded);
    }
    deletions.recordHoles(fences.holes());
    return loaded;
  }

  /**
   * Records that sequence numbers {@code [first, last]} of the id will never hold an event (a
   * rejected write), durably, before anything later of the id can be acknowledged.
   */
  public void recordHole(String persistenceId, long first, long last) {
    deletions.recordHole(persistenceId, first, last);
  }

  /** The id's holes in this log: sorted, disjoint {@code [first, last]} ranges. */
  @Override
  public List<long[]> holes(String persistenceId) {
    return deletions.holes(persistenceId);
  }

  /** The sealed segments, in log order: every segment but the one appended to. */
  List<Segment> sealedSegments() {
    long active = writer.activeBase();
    return segments.values().stream().filter(s -> s.base != active).toList();
  }

  /** Starts configuring the log in directory {@code dir} named {@code logId}. */
  public static Builder builder(Path dir, String logId) {
    return new Builder(dir, logId);
  }

  public String logId() {
    return logId;
  }

  public Path directory() {
    return dir;
  }

  /**
   * Appends frames; the future completes once they are written (and forced, with {@link
   * FsyncPolicy#ALWAYS}), or fails for all of them.
   */
  public CompletableFuture<Void> append(List<PendingFrame> frames) {
    return writer.submit(frames);
  }

  @Override
  public long highestSequenceNr(String persistenceId) {
    checkReadable(persistenceId);
    return Math.max(
        index.highestSequenceNr(persistenceId), deletions.highestSequenceNr(persistenceId));
  }

  @Override
  public long deletedTo(String persistenceId) {
    return deletions.deletedTo(persistenceId);
  }

  @Override
  public Path fileAt(long position) {
    return FrameReplay.fileAt(segments, position, dir);
  }

  @Override
  public long offsetIn(long position) {
    return FrameReplay.offsetIn(segments, position);
  }

  @Override
  public void replay(String persistenceId, long fromSeq, long toSeq, Predicate<Frame> consumer) {
    checkReadable(persistenceId);
    FrameReplay.replay(
        segments, index, persistenceId, fromSeq, toSeq, recoveryMode, consumer, replayDamage::add);
  }

  /**
   * Deletes events of {@code persistenceId} up to {@code toSeq} and removes sealed segments in
   * which nothing live remains. {@code highest} is the id's highest sequence number over all logs
   * that hold its history; it is recorded so that deletion never lowers it.
   */
  public synchronized void deleteTo(String persistenceId, long toSeq, long highest) {
    deletions.record(persistenceId, toSeq, Math.max(highest, highestSequenceNr(persistenceId)));
    for (var segment : List.copyOf(segments.values())) {
      if (segment.base != writer.activeBase() && segment.damage.isEmpty() && isDead(segment)) {
        removeSegment(segment);
      }
    }
  }

  private boolean isDead(Segment segment) {
    return segment.entries.highestById().entrySet().stream()
        .allMatch(e -> e.getValue() <= deletions.deletedTo(e.getKey()));
  }

  private void removeSegment(Segment segment) {
    LOG.info("log {}: removing {}, every event in it is deleted", logId, segment.path);
    segments.remove(segment.base);
    index.removeRange(segment.base, segment.end());
    segment.close();
    try {
      java.nio.file.Files.deleteIfExists(SegmentNames.sidecar(dir, segment.base));
      java.nio.file.Files.deleteIfExists(segment.path);
    } catch (java.io.IOException e) {
      throw new io.interstice.journal.JournalIoException(
          "cannot remove " + segment.path + ": " + e.getMessage(), e);
    }
    Durable.forceDirectory(dir);
  }

  /**
   * Damage found when the log was opened (which decides, per recovery mode, which ids can be read)
   * and by replays since (each already handled by its replay); empty for a healthy log.
   */
  public List<LogDamage> damage() {
    var all = new java.util.ArrayList<>(damage);
    all.addAll(replayDamage);
    return all;
  }

  private void checkReadable(String persistenceId) {
    DamagePolicy.checkReadable(damage, recoveryMode, persistenceId);
  }

  @Override
  public void close() {
    if (!open.compareAndSet(true, false)) {
      return; // closing twice is harmless: the lock must be released exactly once
    }
    writer.close();
    segments.values().forEach(Segment::close);
    lock.close();
  }

  /**
   * Configuration of a {@link NodeLog}: where it lives, its {@link LogSettings}, and test seams.
   */
  public static final class Builder {
    private final Path dir;
    private final String logId;
    private LogSettings settings = LogSettings.defaults();
    private Supplier<Set<String>> knownIds = Set::of;
    private SegmentChannels channels = SegmentChannels.standard();

    private Builder(Path dir, String logId) {
      this.dir = Objects.requireNonNull(dir, "dir");
      this.logId = SegmentNames.checkLogId(logId);
    }

    /** Fsync, segment size and recovery mode (default: {@link LogSettings#defaults()}). */
    public Builder settings(LogSettings value) {
      this.settings = Objects.requireNonNull(value);
      return this;
    }

    /**
     * Ids the log may have written besides those its frames and deletions name (for a journal: the
     * ids the histories say it claimed); asked only when a lenient recovery mode accepts a loss.
     */
    public Builder knownIds(Supplier<Set<String>> value) {
      this.knownIds = Objects.requireNonNull(value);
      return this;
    }

    /** For fault injection in tests: how the writer opens segment files (default: plain files). */
    public Builder channels(SegmentChannels value) {
      this.channels = Objects.requireNonNull(value);
      return this;
    }

    public NodeLog open() {
      return new NodeLog(this);
    }
  }
}
