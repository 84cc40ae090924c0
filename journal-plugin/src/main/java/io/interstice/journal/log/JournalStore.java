package io.interstice.journal.log;

import io.interstice.journal.FencedWriteException;
import io.interstice.journal.WriteFence;
import io.interstice.journal.log.internal.DeletionState;
import io.interstice.journal.log.internal.Durable;
import io.interstice.journal.log.internal.Futures;
import io.interstice.journal.log.internal.LogSource;
import io.interstice.journal.log.internal.PersistenceHistory;
import io.interstice.journal.log.internal.ReadOnlyLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The journal directory of a data directory, {@code <data-dir>/journal/}: this node's own {@link
 * NodeLog} (written), other nodes' logs (read when a history moved here), and the {@link
 * PersistenceHistory} that says which log holds which part of each id's history.
 *
 * <p><b>Fencing.</b> With a {@link WriteFence} (a lease per shard in a cluster), a write is refused
 * before it is written when the fence already refuses its id, and is not acknowledged when the
 * fence refuses it after the force; claims are made while the fence is checked under a lock, so
 * they land in lease order; and a recovering writer claims the id as soon as it has read its
 * highest sequence number ({@link #takeOver}), so that nothing a stale writer appends later counts
 * as history. See "Fencing" in {@code docs/cluster.md}.
 *
 * <p>Thread-safety: all methods may be called from any thread. The own log's segments, index and
 * deletion state change only on its writer thread ({@link NodeLog}); {@link #deleteTo} and {@link
 * #recordRejected} wait for it. Other nodes' logs are reloaded whole when their files change.
 */
public final class JournalStore implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JournalStore.class);

  /** Name of the folder inside the data directory that holds every log. */
  public static final String JOURNAL_DIR = "journal";

  /** Name of the folder inside the journal directory that holds the ownership histories. */
  public static final String HISTORIES_DIR = "histories";

  private final Path journalDir;
  private final NodeLog own;
  private final RecoveryMode recoveryMode;
  private final PersistenceHistory history;
  private final Map<String, ReadOnlyLog> others = new ConcurrentHashMap<>();
  private final Set<String> claimed = ConcurrentHashMap.newKeySet();
  private final List<LogDamage> found = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final LogScrubber scrubber;
  private final FenceCheck fence;

  private JournalStore(
      Path journalDir,
      NodeLog own,
      RecoveryMode recoveryMode,
      PersistenceHistory history,
      LogScrubber scrubber,
      FenceCheck fence) {
    this.journalDir = journalDir;
    this.own = own;
    this.recoveryMode = recoveryMode;
    this.history = history;
    this.scrubber = scrubber;
    this.fence = fence;
  }

  /**
   * Opens the journal of {@code dataDir}; {@code log} is configured with everything but its
   * directory, which is {@code <data-dir>/journal/<log-id>}.
   */
  public static JournalStore open(Path dataDir, String logId, LogSettings settings) {
    return open(dataDir, logId, settings, LogListener.NONE);
  }

  /**
   * Opens the journal of {@code dataDir} as {@link #open(Path, String, LogSettings)} does, with
   * {@code listener} hearing of every group commit and force of this node's log.
   */
  public static JournalStore open(
      Path dataDir, String logId, LogSettings settings, LogListener listener) {
    return builder(dataDir, logId).settings(settings).listener(listener).open();
  }

  /** Starts configuring the journal of {@code dataDir} whose own log is {@code logId}. */
  public static Builder builder(Path dataDir, String logId) {
    return new Builder(dataDir, logId);
  }

  private static JournalStore open(Builder b) {
    var journalDir = Durable.ensureDirectory(b.dataDir.resolve(JOURNAL_DIR));
    var history = new PersistenceHistory(journalDir.resolve(HISTORIES_DIR));
    var log =
        NodeLog.builder(journalDir.resolve(b.logId), b.logId)
            .knownIds(() -> history.claimedBy(b.logId))
            .settings(b.settings)
            .listener(b.listener)
            .open();
    var scrubber =
        LogScrubber.start(
            log,
            b.dataDir.resolve(io.interstice.journal.snapshot.SnapshotDirectory.SNAPSHOTS_DIR),
            b.settings);
    return new JournalStore(
        journalDir,
        log,
        b.settings.recoveryMode(),
        history,
        scrubber,
        new FenceCheck(b.logId, b.fence));
  }

  /**
   * Every damage this store has found so far: when its logs were opened, during replays (frames
   * skipped, sequence numbers missing) and by the scrub. In strict mode the affected reads also
   * fail; in the other modes this list and the error log are where the damage shows.
   */
  public List<LogDamage> damage() {
    var all = new ArrayList<>(own.damage());
    others.values().forEach(log -> all.addAll(log.damage()));
    all.addAll(found);
    all.addAll(scrubber.findings());
    return all;
  }

  /** The background scrub of this node's log and the data directory's snapshots. */
  public LogScrubber scrubber() {
    return scrubber;
  }

  public NodeLog ownLog() {
    return own;
  }

  /**
   * Claims each id for this log on its first append, then appends the frames; the future completes
   * once they are durable (per the fsync policy) or fails for all of them.
   *
   * <p>With a {@link WriteFence}, the frames are refused ({@link FencedWriteException}) before
   * anything is written when the fence refuses one of their ids; and after they are forced, the
   * fence is asked again before the future completes: if it refuses one of their ids now, the
   * future fails, so the write is never acknowledged (see {@link FencedWriteException} for what
   * becomes of the frames).
   */
  public CompletableFuture<Void> append(List<PendingFrame> frames) {
    return append(frames, () -> null);
  }

  /**
   * Appends frames as {@link #append(List)} does, unless {@code refusal}, asked on the log's writer
   * thread right before they would be written (after everything queued ahead of them), gives an
   * exception: then they fail with it, unwritten.
   */
  public CompletableFuture<Void> append(
      List<PendingFrame> frames, Supplier<? extends RuntimeException> refusal) {
    var current = fence.current();
    if (current == WriteFence.NONE) {
      for (var frame : frames) {
        claim(frame.persistenceId(), frame.firstSequenceNr(), current);
      }
      return own.append(frames, refusal);
    }
    var refused = FenceCheck.refused(frames, current);
    if (refused != null) {
      return CompletableFuture.failedFuture(fence.beforeWriting(refused));
    }
    try {
      for (var frame : frames) {
        claim(frame.persistenceId(), frame.firstSequenceNr(), current);
      }
    } catch (FencedWriteException e) {
      return CompletableFuture.failedFuture(e);
    }
    // Runs on the writer thread once the frames are forced, before anyone hears of them.
    return own.append(frames, refusal)
        .thenRun(
            () -> {
              var late = FenceCheck.refused(frames, current);
              if (late != null) {
                throw fence.afterWriting(late);
              }
            });
  }

  private void claim(String persistenceId, long fromSeq, WriteFence current) {
    if (claimed.contains(persistenceId)) {
      return;
    }
    if (current == WriteFence.NONE) {
      history.claim(persistenceId, own.logId(), fromSeq);
    } else {
      history.claimFenced(
          persistenceId,
          own.logId(),
          fromSeq,
          () -> fence.requireHeld(current, persistenceId, "claim from " + fromSeq));
    }
    claimed.add(persistenceId);
  }

  /**
   * The id's highest sequence number, for a writer about to continue it: what a persistent actor's
   * recovery asks first. With a {@link WriteFence} that says this node holds the id, this log also
   * claims the id from the next number on (unless it is its last owner already), before any replay:
   * from then on, events a stale writer still appends to its own log lie past the end of that log's
   * part of the history, and no replay counts them, whether or not this node ever writes the id.
   * Without a fence, this is {@link #highestSequenceNr}, and the first append claims.
   */
  public long takeOver(String persistenceId) {
    long highest = highestSequenceNr(persistenceId);
    var current = fence.current();
    if (current != WriteFence.NONE
        && !claimed.contains(persistenceId)
        && current.mayAcknowledge(persistenceId)) {
      try {
        claim(persistenceId, highest + 1, current);
      } catch (FencedWriteException e) {
        // The lease was lost between the two checks; this incarnation's writes will be refused.
        LOG.warn("log {}: {}", own.logId(), e.getMessage());
      }
    }
    return highest;
  }

  /**
   * Every persistence id some log of the data directory has written (this node's or another's), in
   * name order, as the ownership histories record them.
   */
  public java.util.SortedSet<String> persistenceIds() {
    return history.ids();
  }

  /**
   * The id's highest sequence number over every log that holds part of its history, each counted
   * only up to where the next owner's part begins: events a log holds beyond its part (a stale
   * writer's, refused) are not the id's.
   */
  public long highestSequenceNr(String persistenceId) {
    long highest = 0;
    for (var range : ranges(persistenceId)) {
      highest = Math.max(highest, range.highest(persistenceId));
    }
    return highest;
  }

  /**
   * Replays every event of the id in [fromSeq, toSeq] that is not deleted, across every log that
   * holds part of its history, in sequence order and each at most once; stops when {@code consumer}
   * returns false.
   *
   * <p>The sequence numbers handed out must be contiguous from where the replay starts (after any
   * deletion) up to the id's highest: a gap that no deletion or recorded hole explains is damage
   * that nothing else noticed. Strict mode fails the replay; the lenient modes report it in {@link
   * #damage()} and the error log, and go on.
   */
  public void replay(String persistenceId, long fromSeq, long toSeq, Predicate<LogEvent> consumer) {
    var ranges = ranges(persistenceId);
    long deleted = 0;
    long highest = 0;
    var holes = new ArrayList<long[]>();
    for (var range : ranges) {
      deleted = Math.max(deleted, range.source().deletedTo(persistenceId));
      highest = Math.max(highest, range.highest(persistenceId));
      holes.addAll(range.source().holes(persistenceId));
    }
    var gaps =
        new GapCheck(persistenceId, DeletionState.coalesce(holes), own, recoveryMode, found::add);
    long[] next = {Math.max(fromSeq, deleted + 1)};
    boolean[] stopped = {false};
    for (var range : ranges) {
      long from = Math.max(next[0], range.from());
      long to = Math.min(toSeq, range.to());
      if (from > to || stopped[0]) {
        continue;
      }
      range
          .source()
          .replay(
              persistenceId,
              from,
              to,
              frame -> {
                for (var event : frame.events()) {
                  long seq = event.sequenceNr();
                  if (seq < next[0] || seq < from || seq > to) {
                    continue;
                  }
                  if (seq > next[0]) {
                    gaps.found(next[0], seq - 1, range.source(), frame.position());
                  }
                  next[0] = seq + 1;
                  if (!consumer.test(event)) {
                    stopped[0] = true;
                    return false;
                  }
                }
                return true;
              });
    }
    long end = Math.min(toSeq, highest);
    if (!stopped[0] && next[0] <= end) {
      gaps.found(next[0], end, null, -1);
    }
  }

  /**
   * Records that a write of events {@code [first, last]} of the id was rejected, before the
   * rejection is answered: Pekko does not reuse the numbers, so replay must know the gap is meant.
   */
  public void recordRejected(String persistenceId, long first, long last) {
    // No claim: claiming from `first` would hide earlier events of a write in the same batch.
    own.recordHole(persistenceId, first, last);
  }

  /**
   * Deletes the id's events up to {@code toSeq}, and returns once that and the removal of segments
   * it leaves without a live event are durable; never lowers its highest sequence number.
   */
  public void deleteTo(String persistenceId, long toSeq) {
    var current = fence.current();
    if (current != WriteFence.NONE) {
      fence.requireHeld(current, persistenceId, "deletion up to " + toSeq);
    }
    long highest = highestSequenceNr(persistenceId);
    // The deletion is recorded in this log; a later owner finds it only if the history names it.
    claim(persistenceId, highest + 1, current);
    Futures.await(own.deleteTo(persistenceId, toSeq, highest));
  }

  /** A part of an id's history: sequence numbers [from, to] live in {@code source}. */
  private record Range(LogSource source, long from, long to) {
    /** The highest number the source holds for the id, within this part. */
    long highest(String persistenceId) {
      return Math.min(to, source.highestSequenceNr(persistenceId));
    }
  }

  private List<Range> ranges(String persistenceId) {
    var owners = history.owners(persistenceId);
    var ranges = new ArrayList<Range>();
    boolean ownListed = false;
    for (int i = 0; i < owners.size(); i++) {
      var owner = owners.get(i);
      long to = i + 1 < owners.size() ? owners.get(i + 1).fromSequenceNr() - 1 : Long.MAX_VALUE;
      ownListed |= owner.logId().equals(own.logId());
      ranges.add(new Range(source(owner.logId()), owner.fromSequenceNr(), to));
    }
    if (!owners.isEmpty() && !owners.get(owners.size() - 1).logId().equals(own.logId())) {
      // Another log wrote the id since this one claimed it: claim again before the next append.
      // Every incarnation reads the highest sequence number (so this) before its first write.
      claimed.remove(persistenceId);
    }
    if (!ownListed) {
      // Written before claims existed, or never written: the own log is always consulted.
      ranges.add(new Range(own, 1, Long.MAX_VALUE));
    }
    return ranges;
  }

  private LogSource source(String logId) {
    if (logId.equals(own.logId())) {
      return own;
    }
    var log =
        others.computeIfAbsent(
            logId, id -> ReadOnlyLog.open(journalDir.resolve(id), id, recoveryMode));
    log.refresh();
    return log;
  }

  @Override
  public void close() {
    scrubber.close();
    others.values().forEach(ReadOnlyLog::close);
    own.close();
  }

  /** Configuration of a {@link JournalStore}: its log's settings, listener and write fence. */
  public static final class Builder {
    private final Path dataDir;
    private final String logId;
    private LogSettings settings = LogSettings.defaults();
    private LogListener listener = LogListener.NONE;
    private Supplier<WriteFence> fence = () -> WriteFence.NONE;

    private Builder(Path dataDir, String logId) {
      this.dataDir = java.util.Objects.requireNonNull(dataDir, "dataDir");
      this.logId = java.util.Objects.requireNonNull(logId, "logId");
    }

    /** Fsync, segment size, recovery mode (default: {@link LogSettings#defaults()}). */
    public Builder settings(LogSettings value) {
      this.settings = java.util.Objects.requireNonNull(value, "settings");
      return this;
    }

    /** Who hears of every group commit and force of this node's log. */
    public Builder listener(LogListener value) {
      this.listener = java.util.Objects.requireNonNull(value, "listener");
      return this;
    }

    /**
     * Where to find the fence in force at each operation (default: {@link WriteFence#NONE}); a
     * supplier, because the runtime may register its fence after the journal started.
     */
    public Builder fence(Supplier<WriteFence> value) {
      this.fence = java.util.Objects.requireNonNull(value, "fence");
      return this;
    }

    public JournalStore open() {
      return JournalStore.open(this);
    }
  }
}
