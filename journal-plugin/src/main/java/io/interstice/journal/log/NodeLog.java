package io.interstice.journal.log;

import io.interstice.journal.log.internal.DamagePolicy;
import io.interstice.journal.log.internal.DirectoryLock;
import io.interstice.journal.log.internal.Durable;
import io.interstice.journal.log.internal.Futures;
import io.interstice.journal.log.internal.GroupCommitWriter;
import io.interstice.journal.log.internal.LogFiles;
import io.interstice.journal.log.internal.LogRecovery;
import io.interstice.journal.log.internal.LogSource;
import io.interstice.journal.log.internal.LogState;
import io.interstice.journal.log.internal.Segment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's log: every persistence id a journal serves, appended to one segmented log in {@code
 * <journal-dir>/<log-id>/} with group commit. Opening it takes the directory lock, recovers the
 * directory ({@link LogRecovery}: a torn tail truncated, other damage handled per {@link
 * RecoveryMode}, see {@link #recoveryReport()}) and starts the writer thread.
 *
 * <p>Thread-safety: all methods may be called from any thread. The writer thread ({@link
 * GroupCommitWriter}) is the only one that changes the log's segments, index and deletion state:
 * appends, deletions and holes are requests queued to it and completed through futures. Reads go
 * through the safely published {@link LogState}, with positional reads on shared channels.
 */
public final class NodeLog implements LogSource, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeLog.class);

  private final Path dir;
  private final String logId;
  private final RecoveryMode recoveryMode;
  private final DirectoryLock lock;
  private final LogState state;
  private final RecoveryReport report;
  private final List<LogDamage> replayDamage = new CopyOnWriteArrayList<>();
  private final GroupCommitWriter writer;
  private final AtomicBoolean open = new AtomicBoolean(true);

  private NodeLog(Builder b) {
    this.dir = Durable.ensureDirectory(b.dir);
    this.logId = b.logId;
    this.recoveryMode = b.settings.recoveryMode();
    this.lock = DirectoryLock.acquire(dir);
    try {
      var recovered = LogRecovery.forWriting(dir, logId, recoveryMode, b.knownIds).recover();
      this.state = recovered.state();
      this.report = recovered.report();
      this.writer =
          new GroupCommitWriter(
              new LogFiles(dir), logId, b.settings, state, b.channels, b.listener);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
    LOG.info(
        "log {} opened in {}: {} segment(s), {} persistence id(s), fsync {}",
        logId,
        dir,
        state.segments().size(),
        state.persistenceIds().size(),
        b.settings.fsync().name().toLowerCase(Locale.ROOT));
  }

  /** Starts configuring the log in directory {@code dir} named {@code logId}. */
  /**
   * Checks, without opening it, that no process holds the log in {@code logDir}: for start-up
   * checks that refuse a data directory in use before starting anything.
   *
   * @throws io.interstice.journal.JournalIoException naming the holder when another process holds
   *     it, or when the lock file cannot be created
   */
  public static void requireUnlocked(Path logDir) {
    DirectoryLock.acquire(logDir).close();
  }

  public static Builder builder(Path dir, String logId) {
    return new Builder(dir, logId);
  }

  public String logId() {
    return logId;
  }

  public Path directory() {
    return dir;
  }

  /** What recovering the log found when it was opened. */
  public RecoveryReport recoveryReport() {
    return report;
  }

  /**
   * Appends frames; the future completes once they are written (and forced, with {@link
   * FsyncPolicy#ALWAYS}), or fails for all of them.
   */
  public CompletableFuture<Void> append(List<PendingFrame> frames) {
    return writer.append(frames);
  }

  /**
   * Appends frames as {@link #append(List)} does, unless {@code refusal}, asked on the writer
   * thread right before they would be written, gives an exception: then they fail with it,
   * unwritten.
   */
  public CompletableFuture<Void> append(
      List<PendingFrame> frames, Supplier<? extends RuntimeException> refusal) {
    return writer.append(frames, refusal);
  }

  /**
   * Records that sequence numbers {@code [first, last]} of the id will never hold an event (a
   * rejected write), durably, before anything later of the id can be acknowledged: the request is
   * queued ahead of every later append, and this call returns once it is done.
   */
  public void recordHole(String persistenceId, long first, long last) {
    Futures.await(writer.recordHoles(Map.of(persistenceId, List.of(new long[] {first, last}))));
  }

  /**
   * Deletes events of {@code persistenceId} up to {@code toSeq} and removes sealed segments in
   * which nothing live remains; the future completes once both are durable. {@code highest} is the
   * id's highest sequence number over all logs that hold its history; it is recorded so that
   * deletion never lowers it.
   */
  public CompletableFuture<Void> deleteTo(String persistenceId, long toSeq, long highest) {
    return writer.delete(persistenceId, toSeq, Math.max(highest, highestSequenceNr(persistenceId)));
  }

  @Override
  public List<long[]> holes(String persistenceId) {
    return state.deletions().holes(persistenceId);
  }

  @Override
  public long highestSequenceNr(String persistenceId) {
    checkReadable(persistenceId);
    return state.highestSequenceNr(persistenceId);
  }

  @Override
  public long deletedTo(String persistenceId) {
    return state.deletions().deletedTo(persistenceId);
  }

  @Override
  public Path fileAt(long position) {
    return state.fileAt(position);
  }

  @Override
  public long offsetIn(long position) {
    return state.offsetIn(position);
  }

  @Override
  public void replay(String persistenceId, long fromSeq, long toSeq, Predicate<Frame> consumer) {
    checkReadable(persistenceId);
    state.replay(persistenceId, fromSeq, toSeq, recoveryMode, consumer, replayDamage::add);
  }

  /** How many segment files the log has now, the active one included. */
  public int segmentCount() {
    return state.segments().size();
  }

  /** The sealed segments, in log order: every segment but the one appended to. */
  List<Segment> sealedSegments() {
    return state.sealedSegments(writer.activeBase());
  }

  /**
   * Damage found when the log was opened (which decides, per recovery mode, which ids can be read)
   * and by replays since (each already handled by its replay); empty for a healthy log.
   */
  public List<LogDamage> damage() {
    var all = new ArrayList<>(report.damage());
    all.addAll(replayDamage);
    return all;
  }

  private void checkReadable(String persistenceId) {
    DamagePolicy.checkReadable(report.damage(), recoveryMode, persistenceId);
  }

  @Override
  public void close() {
    if (!open.compareAndSet(true, false)) {
      return; // closing twice is harmless: the lock must be released exactly once
    }
    writer.close();
    state.close();
    lock.close();
  }

  /**
   * Configuration of a {@link NodeLog}: where it lives, its {@link LogSettings}, who listens to its
   * writes, and test seams.
   */
  public static final class Builder {
    private final Path dir;
    private final String logId;
    private LogSettings settings = LogSettings.defaults();
    private Supplier<Set<String>> knownIds = Set::of;
    private SegmentChannels channels = SegmentChannels.standard();
    private LogListener listener = LogListener.NONE;

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

    /**
     * Who hears of every group commit and force, for metrics (default: {@link LogListener#NONE}).
     */
    public Builder listener(LogListener value) {
      this.listener = Objects.requireNonNull(value);
      return this;
    }

    public NodeLog open() {
      return new NodeLog(this);
    }
  }
}
