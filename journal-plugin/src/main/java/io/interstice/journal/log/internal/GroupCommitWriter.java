package io.interstice.journal.log.internal;

import io.interstice.journal.JournalIoException;
import io.interstice.journal.LogStoppedException;
import io.interstice.journal.log.FsyncPolicy;
import io.interstice.journal.log.LogListener;
import io.interstice.journal.log.LogSettings;
import io.interstice.journal.log.PendingFrame;
import io.interstice.journal.log.SegmentChannels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of a log, and the only thread that changes its {@link LogState}: a thread that
 * drains every pending request, appends the frames of consecutive appends with one gathering write,
 * forces the file once (per {@link FsyncPolicy}), updates the index and only then completes their
 * futures. Rolls to a new segment when the active one would grow past the configured size, sealing
 * the old one with a sidecar index. Deletions and holes are requests in the same queue, carried out
 * in submission order between appends: recorded durably in the deletion state, and sealed segments
 * in which nothing live remains removed.
 *
 * <p>Failure handling: a failed or short write fails the whole batch of appends; later batches may
 * succeed. A failed force fails the batch and every later append with a {@link LogStoppedException}
 * until the log is reopened (see {@link ActiveSegment}). Deletions and holes do not touch the
 * active segment and are carried out even then.
 *
 * <p>Each group commit and each force is reported to the {@link LogListener} (one call each, never
 * one per frame).
 *
 * <p>Thread-safety: {@link #append}, {@link #delete}, {@link #recordHoles} and {@link #close} may
 * be called from any thread; everything else runs on the writer thread.
 */
public final class GroupCommitWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
  private static final int MAX_BATCH = 4096;

  /** Something for the writer to do, and the future completed when it is done (durably). */
  private sealed interface Request permits Append, Change, Stop {
    /** Completed when the request is done; null for the request to stop. */
    CompletableFuture<Void> done();
  }

  /**
   * Frames that succeed or fail together; {@code refusal} is asked on the writer thread just before
   * they are written, and a non-null answer fails them unwritten.
   */
  private record Append(
      List<PendingFrame> frames,
      Supplier<? extends RuntimeException> refusal,
      CompletableFuture<Void> done)
      implements Request {}

  /** A change of the deletion state (and what it lets go), carried out in queue order. */
  private record Change(Runnable work, CompletableFuture<Void> done) implements Request {}

  private record Stop() implements Request {
    @Override
    public CompletableFuture<Void> done() {
      return null;
    }
  }

  private static final Stop STOP = new Stop();

  private final LogFiles files;
  private final String logId;
  private final FsyncPolicy fsync;
  private final long fsyncIntervalNanos;
  private final long segmentSize;
  private final LogState state;
  private final ActiveSegment active;
  private final LogListener listener;
  private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
  private final Thread thread;

  /**
   * Guards {@link #stopped}: once the writer stops, no request may enter the queue, so none waits
   * for a writer that will never take it.
   */
  private final Object gate = new Object();

  private boolean stopped;

  /**
   * Opens the active segment of {@code state} and starts the writer thread, which owns the state
   * from then on and reports its group commits and forces to {@code listener}.
   */
  public GroupCommitWriter(
      LogFiles files,
      String logId,
      LogSettings settings,
      LogState state,
      SegmentChannels channels,
      LogListener listener) {
    this.files = files;
    this.logId = logId;
    this.fsync = settings.fsync();
    this.fsyncIntervalNanos = settings.fsyncInterval().toNanos();
    this.segmentSize = settings.segmentSize();
    this.state = state;
    this.listener = new GuardedListener(logId, listener);
    this.active =
        new ActiveSegment(
            files.dir(),
            logId,
            state,
            channels,
            this.listener,
            settings.preallocate(),
            settings.segmentSize());
    this.thread = new Thread(this::run, "interstice-log-writer-" + logId);
    thread.setDaemon(true);
    state.handOver(thread);
    thread.start();
  }

  /** The segment frames are appended to; sealed segments are never written again. */
  public long activeBase() {
    return active.base();
  }

  /**
   * Appends frames; the future completes once they are written (and forced, with {@link
   * FsyncPolicy#ALWAYS}), or fails for all of them.
   */
  public CompletableFuture<Void> append(List<PendingFrame> frames) {
    return append(frames, () -> null);
  }

  /**
   * Appends frames as {@link #append(List)} does, unless {@code refusal}, asked on the writer
   * thread right before they would be written (after every request queued ahead of them is done),
   * gives an exception: then they fail with it, unwritten. How a write queued behind one that
   * failed is kept out of the log.
   */
  public CompletableFuture<Void> append(
      List<PendingFrame> frames, Supplier<? extends RuntimeException> refusal) {
    var done = new CompletableFuture<Void>();
    var failure = active.fatal();
    if (failure != null) {
      done.completeExceptionally(failure);
      return done;
    }
    return submit(new Append(frames, refusal, done));
  }

  /**
   * Records durably that the id's events up to {@code toSeq} are deleted and its highest sequence
   * number is at least {@code highest}, then removes the sealed segments in which nothing live
   * remains.
   */
  public CompletableFuture<Void> delete(String persistenceId, long toSeq, long highest) {
    return submit(
        new Change(
            () -> {
              state.recordDeletion(persistenceId, toSeq, highest);
              removeDeadSegments();
            },
            new CompletableFuture<>()));
  }

  /** Records durably that the given sequence numbers will never hold an event. */
  public CompletableFuture<Void> recordHoles(Map<String, List<long[]>> holes) {
    return submit(new Change(() -> state.recordHoles(holes), new CompletableFuture<>()));
  }

  private CompletableFuture<Void> submit(Request request) {
    var done = request.done();
    synchronized (gate) {
      if (!stopped) {
        queue.add(request);
        return done;
      }
    }
    done.completeExceptionally(closed());
    return done;
  }

  private JournalIoException closed() {
    return new JournalIoException("log " + logId + " is closed");
  }

  private void run() {
    var batch = new ArrayList<Request>();
    boolean running = true;
    while (running) {
      try {
        var first = queue.poll(pollNanos(), TimeUnit.NANOSECONDS);
        if (first == null) {
          forceIfDue();
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH);
        running = !batch.remove(STOP);
        process(batch);
        forceIfDue();
      } catch (InterruptedException e) {
        running = false;
      } catch (RuntimeException | Error e) {
        LOG.error("log {}: writer failed", logId, e);
        fail(batch, new JournalIoException("log writer failed: " + e, e));
      } finally {
        batch.clear();
      }
    }
    shutdown();
  }

  private long pollNanos() {
    return fsync == FsyncPolicy.INTERVAL && active.dirty()
        ? fsyncIntervalNanos
        : TimeUnit.SECONDS.toNanos(1);
  }

  /** Carries out a batch in order: each run of appends group-committed, each change on its own. */
  private void process(List<Request> batch) {
    var appends = new ArrayList<Append>();
    for (var request : batch) {
      if (request instanceof Append append) {
        appends.add(append);
        continue;
      }
      appendAll(appends);
      appends.clear();
      var change = (Change) request;
      try {
        change.work().run();
        change.done().complete(null);
      } catch (RuntimeException e) {
        change.done().completeExceptionally(e);
      }
    }
    appendAll(appends);
  }

  private void appendAll(List<Append> requested) {
    var appends = new ArrayList<Append>(requested.size());
    for (var append : requested) {
      var refused = append.refusal().get();
      if (refused == null) {
        appends.add(append);
      } else {
        append.done().completeExceptionally(refused);
      }
    }
    if (appends.isEmpty()) {
      return;
    }
    if (active.fatal() != null) {
      fail(appends, active.fatal());
      return;
    }
    var chunk = new ArrayList<PendingFrame>();
    long chunkBytes = 0;
    int frames = 0;
    long bytes = 0;
    try {
      for (var append : appends) {
        for (var frame : append.frames()) {
          frames++;
          bytes += frame.length();
          long size = active.size() + chunkBytes;
          if (size + frame.length() > segmentSize && size > active.headerLength()) {
            active.append(chunk, true);
            chunk.clear();
            chunkBytes = 0;
            active.roll();
          }
          chunk.add(frame);
          chunkBytes += frame.length();
        }
      }
      active.append(chunk, fsync == FsyncPolicy.ALWAYS);
    } catch (JournalIoException e) {
      fail(appends, e);
      return;
    }
    for (var append : appends) {
      append.done().complete(null);
    }
    listener.appended(frames, bytes);
  }

  /** Removes the sealed, undamaged segments in which every event is deleted. */
  private void removeDeadSegments() {
    long activeBase = active.base();
    for (var segment : List.copyOf(state.segments())) {
      if (segment.base != activeBase && segment.damage.isEmpty() && state.isDead(segment)) {
        LOG.info("log {}: removing {}, every event in it is deleted", logId, segment.path);
        state.removeSegment(segment);
        files.removeSegment(segment.base);
        files.forceDirectory();
      }
    }
  }

  private void forceIfDue() {
    if (active.dirty()
        && active.fatal() == null
        && fsync == FsyncPolicy.INTERVAL
        && System.nanoTime() - active.lastForce() >= fsyncIntervalNanos) {
      active.force();
    }
  }

  private static void fail(List<? extends Request> requests, Exception cause) {
    for (var request : requests) {
      var done = request.done();
      if (done != null) {
        done.completeExceptionally(cause);
      }
    }
  }

  private void shutdown() {
    synchronized (gate) {
      stopped = true;
    }
    var left = new ArrayList<Request>();
    queue.drainTo(left);
    left.remove(STOP);
    fail(left, closed());
    active.close(fsync != FsyncPolicy.NEVER);
  }

  @Override
  public void close() {
    synchronized (gate) {
      if (!stopped) {
        stopped = true;
        queue.add(STOP);
      }
    }
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
