package io.interstice.journal.log.internal;

import io.interstice.journal.JournalIoException;
import io.interstice.journal.LogStoppedException;
import io.interstice.journal.log.LogListener;
import io.interstice.journal.log.PendingFrame;
import io.interstice.journal.log.SegmentChannels;
import io.interstice.journal.log.SegmentHeader;
import io.interstice.journal.log.SegmentNames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The segment a log appends to, and what the writer does to it: append frames with one gathering
 * write, force, roll a failed append back, seal the segment (sidecar written) and start the next,
 * and keep the commit mark. Every change to the segment map and index goes through the {@link
 * LogState}, whose owner this object's thread is.
 *
 * <p>A failed or short write is rolled back (the segment truncated to where it began). A failed
 * force, or a rollback that fails, stops the log: {@link #fatal()} is set, and the writer fails
 * every later append until the log is reopened. The force is never retried: after a failure the
 * kernel may report a later force as successful although the data never reached the disk.
 *
 * <p>Thread-safety: confined to the writer thread (created by the thread that opens the log, before
 * the writer starts); {@link #fatal()} and {@link #base()} may be read from any thread.
 */
final class ActiveSegment {
  private static final Logger LOG = LoggerFactory.getLogger(ActiveSegment.class);

  private final Path logDir;
  private final String logId;
  private final LogState state;
  private final SegmentChannels channels;
  private final CommitMark mark;
  private final LogListener listener;
  private volatile Segment segment;
  private FileChannel channel;
  private boolean dirty;
  private long lastForce = System.nanoTime();
  private volatile LogStoppedException fatal;

  /**
   * Continues the last segment of {@code state}, or starts a new one after it: never after damage
   * (the damaged segment stays exactly as found) nor in a sealed segment (the active one after it
   * was lost: its sidecar describes it as sealed). Every force of a segment is reported to {@code
   * listener}.
   */
  ActiveSegment(
      Path logDir, String logId, LogState state, SegmentChannels channels, LogListener listener) {
    this.logDir = logDir;
    this.logId = logId;
    this.state = state;
    this.channels = channels;
    this.listener = listener;
    this.mark = CommitMark.open(logDir);
    try {
      openLastOrCreate();
    } catch (RuntimeException e) {
      closeQuietly(mark);
      throw e;
    }
  }

  private void openLastOrCreate() {
    var last = state.last();
    if (last == null
        || !last.damage.isEmpty()
        || Files.exists(SegmentNames.sidecar(logDir, last.base))) {
      create(last == null ? 0L : last.end());
      return;
    }
    segment = last;
    try {
      channel = channels.open(segment.path, Set.of(StandardOpenOption.WRITE));
      channel.position(segment.size());
    } catch (IOException e) {
      throw new JournalIoException("cannot open " + segment.path + ": " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // already failing; the original error is reported
    }
  }

  /** Base position of the segment appended to; sealed segments are never written again. */
  long base() {
    return segment.base;
  }

  long size() {
    return segment.size();
  }

  /** Bytes of the segment's header: a segment of that size holds no frame yet. */
  int headerLength() {
    return segment.headerLength;
  }

  /** Whether bytes were written since the last force. */
  boolean dirty() {
    return dirty;
  }

  /** When the segment was last forced ({@link System#nanoTime()}). */
  long lastForce() {
    return lastForce;
  }

  /** Why the log stopped, or null while it appends. */
  LogStoppedException fatal() {
    return fatal;
  }

  /**
   * Creates segment {@code base} and makes it the active one. On failure the state is unchanged
   * (still appending to the previous segment) and the half-created file is removed, so a later roll
   * can try again.
   */
  private void create(long base) {
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
    segment =
        new Segment(base, path, header.length(), header.length(), new SegmentEntries(), List.of());
    state.addSegment(segment);
  }

  private void abandon(Path path, FileChannel created) {
    try {
      created.close();
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.error("log {}: cannot remove half-created segment {}", logId, path, e);
    }
  }

  /** Writes {@code chunk} at the end of the segment, optionally forces, then indexes it. */
  void append(List<PendingFrame> chunk, boolean force) {
    if (chunk.isEmpty()) {
      return;
    }
    long start = segment.size();
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
          "cannot append to " + segment.path + " at offset " + start + ": " + e.getMessage(), e);
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
    state.grow(segment, start + total);
    long position = segment.base + start;
    for (var frame : chunk) {
      state.index(
          segment,
          frame.persistenceId(),
          position,
          frame.firstSequenceNr(),
          frame.lastSequenceNr());
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
                  + segment.path
                  + " could not be rolled back ("
                  + e.getMessage()
                  + "); reopen the log to recover",
              cause);
    }
  }

  /** Forces what was written so far. */
  void force() {
    force(segment.size());
  }

  /** Forces the segment, whose bytes now end at offset {@code end}, and marks it. */
  private void force(long end) {
    long began = System.nanoTime();
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
                  + segment.path
                  + " failed ("
                  + e.getMessage()
                  + "); unforced data may be lost, reopen the log to recover",
              e);
      throw fatal;
    }
    markForced(end);
    listener.forced(lastForce - began);
  }

  /** Records in the commit mark that the segment is forced up to {@code end}. */
  private void markForced(long end) {
    try {
      mark.update(segment.base, segment.base + end);
    } catch (IOException e) {
      // Only evidence for finding a lost tail later: the forced frames are durable without it.
      LOG.warn("log {}: cannot update {}: {}", logId, SegmentNames.COMMIT_FILE, e.getMessage());
    }
  }

  /** Seals the segment (forced, sidecar written) and starts the next one. */
  void roll() {
    force();
    SidecarIndex.write(logDir, segment.base, segment.size(), segment.entries);
    var sealed = segment;
    var sealedChannel = channel;
    // The sealed segment's channel stays open until the next segment exists: if creating it
    // fails, appends continue where they were and the next roll rewrites the sidecar.
    create(sealed.end());
    markForced(segment.size());
    try {
      sealedChannel.close();
    } catch (IOException e) {
      throw new JournalIoException("cannot close " + sealed.path + ": " + e.getMessage(), e);
    }
  }

  /** Closes the segment, forcing it first unless forcing is off ({@code force}) or failed. */
  void close(boolean force) {
    try {
      if (dirty && force && fatal == null) {
        channel.force(false);
        markForced(segment.size());
      }
      channel.close();
      mark.close();
    } catch (IOException e) {
      LOG.error("log {}: closing {} failed", logId, segment.path, e);
    }
  }
}
