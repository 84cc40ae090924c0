package io.interstice.journal.log;

import io.interstice.journal.JournalIoException;
import io.interstice.journal.LogStoppedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of a log: a thread that drains every pending submission, appends their frames
 * with one gathering write, forces the file once (per {@link FsyncPolicy}), updates the index and
 * only then completes the submissions' futures. Rolls to a new segment when the active one would
 * grow past the configured size, sealing the old one with a sidecar index.
 *
 * <p>Failure handling: a failed or short write is rolled back (the segment truncated to where the
 * batch began) and fails the whole batch; later batches may succeed. A failed force leaves the page
 * cache in an unknown state: it fails the batch, whose bytes are cut off as for a failed write (so
 * that a reopened log appends over them, not after them), and every later append with a {@link
 * LogStoppedException} until the log is reopened. The force is never retried: after a failure the
 * kernel may report a later force as successful although the data never reached the disk.
 *
 * <p>Thread-safety: {@link #submit} may be called from any thread; everything else is confined to
 * the writer thread.
 */
final class GroupCommitWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
  private static final int MAX_BATCH = 4096;

  /** Frames that succeed or fail together, and the future completed when they are durable. */
  private record Submission(List<PendingFrame> frames, CompletableFuture<Void> done) {}

  private static final Submission STOP = new Submission(List.of(), null);

  private final Path logDir;
  private final String logId;
  private final FsyncPolicy fsync;
  private final long fsyncIntervalNanos;
  private final long segmentSize;
  private final NavigableMap<Long, Segment> segments;
  private final LogIndex index;
  private final CommitMark mark;
  private final SegmentChannels channels;
  private final BlockingQueue<Submission> queue = new LinkedBlockingQueue<>();
  private final Thread thread;

  private volatile Segment active;
  private FileChannel channel;
  private boolean dirty;
  private long lastForce = System.nanoTime();
  private volatile LogStoppedException fatal;

  GroupCommitWriter(
      Path logDir,
      String logId,
      LogSettings settings,
      NavigableMap<Long, Segment> segments,
      LogIndex index,
      SegmentChannels channels) {
    this.logDir = logDir;
    this.logId = logId;
    this.fsync = settings.fsync();
    this.fsyncIntervalNanos = settings.fsyncInterval().toNanos();
    this.segmentSize = settings.segmentSize();
    this.segments = segments;
    this.index = index;
    this.mark = CommitMark.open(logDir);
    this.channels = channels;
    openActive();
    this.thread = new Thread(this::run, "interstice-log-writer-" + logId);
    thread.setDaemon(true);
    thread.start();
  }

  /** The segment frames are appended to; sealed segments are never written again. */
  long activeBase() {
    return active.base;
  }

  CompletableFuture<Void> submit(List<PendingFrame> frames) {
    var done = new CompletableFuture<Void>();
    var failure = fatal;
    if (failure != null) {
      done.completeExceptionally(failure);
    } else if (!thread.isAlive()) {
      done.completeExceptionally(new JournalIoException("log " + logId + " is closed"));
    } else {
      queue.add(new Submission(frames, done));
    }
    return done;
  }

  private void openActive() {
    var last = segments.isEmpty() ? null : segments.lastEntry().getValue();
    if (last == null
        || !last.damage.isEmpty()
        || Files.exists(SegmentNames.sidecar(logDir, last.base))) {
      // Never append after damage: the damaged segment stays exactly as found. Nor to a sealed
      // segment (the active one after it was lost): its sidecar describes it as sealed.
      createSegment(last == null ? 0L : last.end());
      return;
    }
    active = last;
    try {
      channel = channels.open(active.path, Set.of(StandardOpenOption.WRITE));
      channel.position(active.size());
    } catch (IOException e) {
      throw new JournalIoException("cannot open " + active.path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Creates segment {@code base} and makes it the active one. On failure the writer's state is
   * unchanged (still appending to the previous segment) and the half-created file is removed, so a
   * later roll can try again.
   */
  private void createSegment(long base) {
    var header = SegmentHeader.of(base, logId);
    var path = SegmentNames.segment(logDir, base);
    FileChannel created = null;
    try {
      created =
          channels.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
      var bytes = header.encode();
      while (bytes.hasRemaining()) {
        created.write(bytes);
      }
      created.force(true);
      Durable.forceDirectory(logDir);
    } catch (IOException | JournalIoException e) {
      if (created != null) {
        abandon(path, created);
      }
      throw new JournalIoException("cannot create segment " + path + ": " + e.getMessage(), e);
    }
    channel = created;
    active =
        new Segment(base, path, header.length(), header.length(), new SegmentEntries(), List.of());
    segments.put(base, active);
  }

  private void abandon(Path path, FileChannel created) {
    try {
      created.close();
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.error("log {}: cannot remove half-created segment {}", logId, path, e);
    }
  }

  private void run() {
    var batch = new ArrayList<Submission>();
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
        running = !batch.remove(STOP) && running;
        if (!batch.isEmpty()) {
          process(batch);
        }
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
    return fsync == FsyncPolicy.INTERVAL && dirty
        ? fsyncIntervalNanos
        : TimeUnit.SECONDS.toNanos(1);
  }

  private void process(List<Submission> batch) {
    if (fatal != null) {
      fail(batch, fatal);
      return;
    }
    var chunk = new ArrayList<PendingFrame>();
    long chunkBytes = 0;
    try {
      for (var submission : batch) {
        for (var frame : submission.frames()) {
          long size = active.size() + chunkBytes;
          if (size + frame.length() > segmentSize && size > active.headerLength) {
            appendChunk(chunk, true);
            chunk.clear();
            chunkBytes = 0;
            roll();
          }
          chunk.add(frame);
          chunkBytes += frame.length();
        }
      }
      appendChunk(chunk, fsync == FsyncPolicy.ALWAYS);
    } catch (JournalIoException e) {
      fail(batch, e);
      return;
    }
    for (var submission : batch) {
      submission.done().complete(null);
    }
  }

  /** Writes {@code chunk} at the end of the active segment, optionally forces, then indexes it. */
  private void appendChunk(List<PendingFrame> chunk, boolean force) {
    if (chunk.isEmpty()) {
      return;
    }
    long start = active.size();
    var buffers = new ByteBuffer[chunk.size()];
    long total = 0;
    for (int i = 0; i < buffers.length; i++) {
      buffers[i] = chunk.get(i).bytes().duplicate();
      total += buffers[i].remaining();
    }
    try {
      long written = 0;
      while (written < total) {
        written += channel.write(buffers);
      }
    } catch (IOException e) {
      rollback(start, e);
      throw new JournalIoException(
          "cannot append to " + active.path + " at offset " + start + ": " + e.getMessage(), e);
    }
    dirty = true;
    if (force) {
      try {
        force(start + total);
      } catch (LogStoppedException e) {
        // Whether these bytes reach the disk is unknown: cut them off, so that the reopened log
        // neither replays an unacknowledged batch nor appends after bytes that may be lost.
        rollback(start, e);
        throw e;
      }
    }
    // Size first: a reader that finds a frame in the index must find its bytes within the size.
    active.size(start + total);
    long position = active.base + start;
    for (var frame : chunk) {
      active.entries.add(
          frame.persistenceId(), position, frame.firstSequenceNr(), frame.lastSequenceNr());
      index.add(frame.persistenceId(), position, frame.firstSequenceNr(), frame.lastSequenceNr());
      position += frame.length();
    }
  }

  private void rollback(long start, Exception cause) {
    try {
      channel.truncate(start);
      channel.position(start);
    } catch (IOException e) {
      fatal =
          new LogStoppedException(
              "log "
                  + logId
                  + " stopped: a failed append to "
                  + active.path
                  + " could not be rolled back ("
                  + e.getMessage()
                  + "); reopen the log to recover",
              cause);
    }
  }

  /** Forces the active segment, whose bytes now end at offset {@code end}, and marks it. */
  private void force(long end) {
    try {
      channel.force(false);
      dirty = false;
      lastForce = System.nanoTime();
    } catch (IOException e) {
      fatal =
          new LogStoppedException(
              "log "
                  + logId
                  + " stopped: forcing "
                  + active.path
                  + " failed ("
                  + e.getMessage()
                  + "); unforced data may be lost, reopen the log to recover",
              e);
      throw fatal;
    }
    markForced(end);
  }

  /** Records in the commit mark that the active segment is forced up to {@code end}. */
  private void markForced(long end) {
    try {
      mark.update(active.base, active.base + end);
    } catch (IOException e) {
      // Only evidence for finding a lost tail later: the forced frames are durable without it.
      LOG.warn("log {}: cannot update {}: {}", logId, SegmentNames.COMMIT_FILE, e.getMessage());
    }
  }

  private void forceIfDue() {
    if (dirty
        && fatal == null
        && fsync == FsyncPolicy.INTERVAL
        && System.nanoTime() - lastForce >= fsyncIntervalNanos) {
      force(active.size());
    }
  }

  /** Seals the active segment (forced, sidecar written) and starts the next one. */
  private void roll() {
    force(active.size());
    SidecarIndex.write(logDir, active.base, active.size(), active.entries);
    var sealed = active;
    var sealedChannel = channel;
    // The sealed segment's channel stays open until the next segment exists: if creating it
    // fails, appends continue where they were and the next roll rewrites the sidecar.
    createSegment(sealed.end());
    markForced(active.size());
    try {
      sealedChannel.close();
    } catch (IOException e) {
      throw new JournalIoException("cannot close " + sealed.path + ": " + e.getMessage(), e);
    }
  }

  private static void fail(List<Submission> batch, Exception cause) {
    for (var submission : batch) {
      if (submission.done() != null) {
        submission.done().completeExceptionally(cause);
      }
    }
  }

  private void shutdown() {
    var left = new ArrayList<Submission>();
    queue.drainTo(left);
    left.remove(STOP);
    fail(left, new JournalIoException("log " + logId + " is closed"));
    try {
      if (dirty && fsync != FsyncPolicy.NEVER && fatal == null) {
        channel.force(false);
        markForced(active.size());
      }
      channel.close();
      mark.close();
    } catch (IOException e) {
      LOG.error("log {}: closing {} failed", logId, active.path, e);
    }
  }

  @Override
  public void close() {
    queue.add(STOP);
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
