package io.interstice.journal.log.internal;

import io.interstice.journal.CorruptLogException;
import io.interstice.journal.log.Frame;
import io.interstice.journal.log.LogDamage;
import io.interstice.journal.log.RecoveryMode;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory state of a log: its segments by base position, the index of every persistence id's
 * frames, and the deletion state. Built by {@link LogRecovery}, then owned by one thread.
 *
 * <p>Thread-safety: one owner mutates it (the recovering thread until it {@link #handOver hands it
 * over}, then the log's writer thread; the mutators check); readers on any thread see a safely
 * published view: the segment map is a concurrent skip list, the index is safe for one writer and
 * many readers, deletion state reads are lock-free, and a segment's size is published after the
 * bytes it covers are written and before the index names them.
 */
public final class LogState {
  private static final Logger LOG = LoggerFactory.getLogger(LogState.class);

  /** Index entries a replay takes at a time. */
  private static final int REPLAY_PAGE = 1024;

  private final Path dir;
  private final ConcurrentSkipListMap<Long, Segment> segments;
  private final LogIndex index;
  private final DeletionState deletions;
  private volatile Thread owner;

  LogState(
      Path dir, NavigableMap<Long, Segment> segments, LogIndex index, DeletionState deletions) {
    this.dir = dir;
    this.segments = new ConcurrentSkipListMap<>(segments);
    this.index = index;
    this.deletions = deletions;
    this.owner = Thread.currentThread();
  }

  /** Makes {@code thread} the only one that may change this state from now on. */
  void handOver(Thread thread) {
    checkOwner();
    owner = thread;
  }

  private void checkOwner() {
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException(
          "log state of " + dir + " changed by " + Thread.currentThread() + ", owned by " + owner);
    }
  }

  // ---- reads, from any thread ---------------------------------------------------------------

  /** The segments in log order; a live, read-only view. */
  public Collection<Segment> segments() {
    return Collections.unmodifiableCollection(segments.values());
  }

  NavigableMap<Long, Segment> segmentMap() {
    return Collections.unmodifiableNavigableMap(segments);
  }

  /** The last segment, or null when there is none. */
  Segment last() {
    var last = segments.lastEntry();
    return last == null ? null : last.getValue();
  }

  /** Every segment but the one based at {@code activeBase}, in log order. */
  public List<Segment> sealedSegments(long activeBase) {
    return segments.values().stream().filter(s -> s.base != activeBase).toList();
  }

  LogIndex index() {
    return index;
  }

  public DeletionState deletions() {
    return deletions;
  }

  public Set<String> persistenceIds() {
    return index.persistenceIds();
  }

  /** Highest sequence number of the id in this log, deletions and holes included; 0 when absent. */
  public long highestSequenceNr(String persistenceId) {
    return Math.max(
        index.highestSequenceNr(persistenceId), deletions.highestSequenceNr(persistenceId));
  }

  /**
   * The segment file holding log position {@code position}, or the log directory when none does.
   */
  public Path fileAt(long position) {
    var segment = segments.floorEntry(position);
    return segment == null ? dir : segment.getValue().path;
  }

  /** Offset of log position {@code position} inside the segment holding it. */
  public long offsetIn(long position) {
    var segment = segments.floorEntry(position);
    return segment == null ? position : position - segment.getKey();
  }

  /**
   * Hands every frame of the id that may hold [fromSeq, toSeq] to {@code consumer}, in log order,
   * until it returns false. A frame that fails its checksum is damage whose owner the index makes
   * certain: reported to {@code found}, then fatal in {@link RecoveryMode#STRICT} and skipped,
   * loudly, otherwise. A segment removed meanwhile is skipped: every event in it was deleted.
   */
  public void replay(
      String persistenceId,
      long fromSeq,
      long toSeq,
      RecoveryMode mode,
      Predicate<Frame> consumer,
      Consumer<LogDamage> found) {
    // Page through the index: a history of millions of frames is never listed at once.
    long after = -1;
    for (var page = index.frames(persistenceId, fromSeq, toSeq, after, REPLAY_PAGE);
        !page.isEmpty();
        page = index.frames(persistenceId, fromSeq, toSeq, after, REPLAY_PAGE)) {
      for (var entry : page) {
        after = entry.position();
        if (!replayFrame(persistenceId, entry, mode, consumer, found)) {
          return;
        }
      }
    }
  }

  /** Reads one indexed frame and hands it over; false when the consumer wants no more. */
  private boolean replayFrame(
      String persistenceId,
      IndexEntry entry,
      RecoveryMode mode,
      Predicate<Frame> consumer,
      Consumer<LogDamage> found) {
    var segment = segments.floorEntry(entry.position());
    if (segment == null) {
      return true; // removed concurrently: every event in it was deleted
    }
    Frame frame;
    try {
      frame = segment.getValue().readFrame(entry.position());
    } catch (Segment.SegmentClosedException e) {
      if (segments.get(segment.getKey()) != segment.getValue()) {
        return true; // removed concurrently: every event in it was deleted
      }
      throw e;
    } catch (CorruptLogException e) {
      var damage = unreadable(persistenceId, entry, e);
      found.accept(damage);
      if (mode == RecoveryMode.STRICT) {
        throw damage.toException();
      }
      LOG.error("skipping damaged frame during replay ({}): {}", mode, damage);
      return true;
    }
    if (!frame.persistenceId().equals(persistenceId)) {
      throw new CorruptLogException(
          segment.getValue().path,
          entry.position() - segment.getKey(),
          persistenceId,
          "index points at a frame of '" + frame.persistenceId() + "'");
    }
    return consumer.test(frame);
  }

  /** The index put a frame of this id here, so the owner of the damage is certain. */
  private static LogDamage unreadable(
      String persistenceId, IndexEntry entry, CorruptLogException e) {
    return new LogDamage(
        e.file(),
        e.offset(),
        e.offset(),
        persistenceId,
        entry.firstSequenceNr(),
        entry.lastSequenceNr(),
        "frame of events "
            + entry.firstSequenceNr()
            + ".."
            + entry.lastSequenceNr()
            + " unreadable: "
            + e.getMessage());
  }

  // ---- changes, by the owner only -----------------------------------------------------------

  /** Adds a segment just created (empty) to the end of the log. */
  void addSegment(Segment segment) {
    checkOwner();
    segments.put(segment.base, segment);
  }

  /**
   * Publishes that {@code segment} now ends at {@code size} and holds the frame at {@code
   * position}: size first, so that a reader who finds the frame in the index finds its bytes.
   */
  void grow(Segment segment, long size) {
    checkOwner();
    segment.size(size);
  }

  /** Indexes a frame just written to {@code segment}, whose size already covers it. */
  void index(Segment segment, String persistenceId, long position, long firstSeq, long lastSeq) {
    checkOwner();
    segment.entries.add(persistenceId, position, firstSeq, lastSeq);
    index.add(persistenceId, position, firstSeq, lastSeq);
  }

  /**
   * Drops a segment from the map and the index and closes it; readers that still hold it see it
   * closed, and skip it (every event in it is deleted).
   */
  void removeSegment(Segment segment) {
    checkOwner();
    segments.remove(segment.base);
    index.removeRange(segment.base, segment.end());
    segment.close();
  }

  /** True when every event of the sealed segment is deleted. */
  boolean isDead(Segment segment) {
    return segment.entries.highestById().entrySet().stream()
        .allMatch(e -> e.getValue() <= deletions.deletedTo(e.getKey()));
  }

  /** Records a deletion durably (see {@link DeletionState#record}). */
  void recordDeletion(String persistenceId, long toSeq, long highest) {
    checkOwner();
    deletions.record(persistenceId, toSeq, highest);
  }

  /** Records holes durably (see {@link DeletionState#recordHoles}). */
  void recordHoles(Map<String, List<long[]>> holes) {
    checkOwner();
    deletions.recordHoles(holes);
  }

  /** Closes every segment's read channel. */
  public void close() {
    segments.values().forEach(Segment::close);
  }
}
