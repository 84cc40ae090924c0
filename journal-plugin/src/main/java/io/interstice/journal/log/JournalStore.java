package io.interstice.journal.log;

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

/**
 * The journal directory of a data directory, {@code <data-dir>/journal/}: this node's own {@link
 * NodeLog} (written), other nodes' logs (read when a history moved here), and the {@link
 * PersistenceHistory} that says which log holds which part of each id's history.
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

  private JournalStore(
      Path journalDir,
      NodeLog own,
      RecoveryMode recoveryMode,
      PersistenceHistory history,
      LogScrubber scrubber) {
    this.journalDir = journalDir;
    this.own = own;
    this.recoveryMode = recoveryMode;
    this.history = history;
    this.scrubber = scrubber;
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
    var journalDir = Durable.ensureDirectory(dataDir.resolve(JOURNAL_DIR));
    var history = new PersistenceHistory(journalDir.resolve(HISTORIES_DIR));
    var log =
        NodeLog.builder(journalDir.resolve(logId), logId)
            .knownIds(() -> history.claimedBy(logId))
            .settings(settings)
            .listener(listener)
            .open();
    var scrubber =
        LogScrubber.start(
            log,
            dataDir.resolve(io.interstice.journal.snapshot.SnapshotDirectory.SNAPSHOTS_DIR),
            settings);
    return new JournalStore(journalDir, log, settings.recoveryMode(), history, scrubber);
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

  /** Claims each id for this log on its first append, then appends the frames. */
  public CompletableFuture<Void> append(List<PendingFrame> frames) {
    for (var frame : frames) {
      claim(frame.persistenceId(), frame.firstSequenceNr());
    }
    return own.append(frames);
  }

  private void claim(String persistenceId, long fromSeq) {
    if (!claimed.contains(persistenceId)) {
      history.claim(persistenceId, own.logId(), fromSeq);
      claimed.add(persistenceId);
    }
  }

  /**
   * Every persistence id some log of the data directory has written (this node's or another's), in
   * name order, as the ownership histories record them.
   */
  public java.util.SortedSet<String> persistenceIds() {
    return history.ids();
  }

  public long highestSequenceNr(String persistenceId) {
    long highest = 0;
    for (var range : ranges(persistenceId)) {
      highest = Math.max(highest, range.source().highestSequenceNr(persistenceId));
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
      highest = Math.max(highest, range.source().highestSequenceNr(persistenceId));
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
    long highest = highestSequenceNr(persistenceId);
    // The deletion is recorded in this log; a later owner finds it only if the history names it.
    claim(persistenceId, highest + 1);
    Futures.await(own.deleteTo(persistenceId, toSeq, highest));
  }

  /** A part of an id's history: sequence numbers [from, to] live in {@code source}. */
  private record Range(LogSource source, long from, long to) {}

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
}
