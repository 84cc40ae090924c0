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
 * <p><b>Preallocation.</b> With {@code preallocate} above zero, the file is kept filled with zeros
 * (written and forced, not just reserved) up to that many bytes past its last frame, so that an
 * append overwrites blocks the file already has: a force after it need not commit a new file size
 * or extent to the file system's journal, which made each force of a small append ~30 % cheaper on
 * the disks measured (docs/performance.md). A new segment is filled when it is created (forced with
 * its header); after that, the zeros are filled in steps of {@code preallocate} bytes on the writer
 * thread when an append would pass them, and forced with it. Sealing a segment and closing the log
 * cut the zeros off; after a crash, recovery reads an all-zero tail after the last frame as space
 * never written and cuts it off without a warning ({@code SegmentLoader}). A failed fill is given
 * up for the rest of the segment (appends then grow the file as without it); a failed force of the
 * zeros stops the log like any failed force. Off by default: after a power loss mid-force, a batch
 * written over zeros may be on the disk out of order, which recovery reads as damage
 * (docs/log-format.md).
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

  /** What preallocation writes, a piece at a time (read-only; duplicated per write). */
  private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 * 1024).asReadOnlyBuffer();

  private final Path logDir;
  private final String logId;
  private final LogState state;
  private final SegmentChannels channels;
  private final CommitMark mark;
  private final LogListener listener;
  private final long preallocate;
  private final long segmentSize;
  private volatile Segment segment;
  private FileChannel channel;

  /** Bytes the segment's file holds: its frames, then zeros up to here. */
  private long allocated;

  /** Whether preallocation is on for this segment (off after a fill failed). */
  private boolean preallocating;

  private boolean dirty;
  private long lastForce = System.nanoTime();
  private volatile LogStoppedException fatal;

  /**
   * Continues the last segment of {@code state}, or starts a new one after it: never after damage
   * (the damaged segment stays exactly as found) nor in a sealed segment (the active one after it
   * was lost: its sidecar describes it as sealed). Every force of a segment is reported to {@code
   * listener}. The file is kept filled with zeros up to {@code preallocate} bytes (0: none) past
   * the last frame, within {@code segmentSize} unless a larger frame needs more.
   */
  ActiveSegment(
      Path logDir,
      String logId,
      LogState state,
      SegmentChannels channels,
      LogListener listener,
      long preallocate,
      long segmentSize) {
    this.logDir = logDir;
    this.logId = logId;
    this.state = state;
    this.channels = channels;
    this.listener = listener;
    this.preallocate = preallocate;
    this.segmentSize = segmentSize;
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
      // Recovery cut off any zeros past the last frame; whatever the file still holds is zeros.
      allocated = Math.max(channel.size(), segment.size());
      preallocating = preallocate > 0;
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
    long zerosEnd;
    try {
      created =
          channels.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
      var bytes = header.encode();
      while (bytes.hasRemaining()) {
        created.write(bytes);
      }
      zerosEnd = preallocate > 0 ? fill(created, path, header.length(), header.length()) : -1;
      created.force(true);
      Durable.forceDirectory(logDir);
    } catch (IOException | JournalIoException e) {
      if (created != null) {
        abandon(path, created);
      }
      throw new JournalIoException("cannot create segment " + path + ": " + e.getMessage(), e);
    }
    channel = created;
    allocated = Math.max(zerosEnd, header.length());
    preallocating = zerosEnd >= 0;
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
    if (preallocating && start + total > allocated) {
      preallocate(start, start + total, force);
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

  /**
   * Fills the file with zeros from where its zeros end now to {@code preallocate} bytes past {@code
   * needed} (within the segment size unless {@code needed} is past it), and forces them when the
   * append that needs them will be forced. The frames end at {@code start}.
   */
  private void preallocate(long start, long needed, boolean force) {
    long zerosEnd = fill(channel, segment.path, Math.max(allocated, start), needed);
    if (zerosEnd < 0) {
      preallocating = false;
      return;
    }
    allocated = zerosEnd;
    if (force) {
      forceOrStop(" after filling it with zeros");
    }
  }

  /**
   * Writes zeros into {@code file} from {@code from} to {@code preallocate} bytes past {@code
   * needed}, where the frames will end (within the segment size unless {@code needed} is past it),
   * and returns where the zeros end; -1 (with a warning, and the file cut back to {@code from}) if
   * a write fails: the segment then grows without preallocation.
   */
  private long fill(FileChannel file, Path path, long from, long needed) {
    long target = Math.max(needed, Math.min(needed + preallocate, segmentSize));
    long position = from;
    try {
      while (position < target) {
        var zeros = ZEROS.duplicate();
        zeros.limit((int) Math.min(zeros.capacity(), target - position));
        position += file.write(zeros, position);
      }
      return target;
    } catch (IOException e) {
      LOG.warn(
          "log {}: cannot fill {} with zeros ahead of its frames ({}); appending without"
              + " preallocation until the next segment",
          logId,
          path,
          e.getMessage());
      try {
        file.truncate(from);
      } catch (IOException ignored) {
        // zeros past the frames are harmless: recovery cuts them off
      }
      return -1;
    }
  }

  /**
   * Cuts the zeros past the last frame off the file (asked of the file: a failed fill may leave
   * some).
   */
  private void trimPreallocation() throws IOException {
    long end = segment.size();
    if (channel.size() > end) {
      channel.truncate(end);
    }
    allocated = end;
  }

  private void rollback(long start, Exception cause) {
    try {
      channel.truncate(start);
      allocated = start;
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

  /**
   * Forces the segment's file; if that fails, stops the log ({@link #fatal()}) and throws: a force
   * is never retried. {@code after} says what came before the force, for the message.
   */
  private void forceOrStop(String after) {
    try {
      channel.force(false);
    } catch (IOException e) {
      fatal =
          new LogStoppedException(
              "log "
                  + logId
                  + " stopped: forcing "
                  + segment.path
                  + after
                  + " failed ("
                  + e.getMessage()
                  + "); unforced data may be lost, reopen the log to recover",
              e);
      throw fatal;
    }
  }

  /** Forces the segment, whose bytes now end at offset {@code end}, and marks it. */
  private void force(long end) {
    long began = System.nanoTime();
    forceOrStop("");
    dirty = false;
    lastForce = System.nanoTime();
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
    try {
      // The sidecar records the segment's size: the file must end with its last frame.
      trimPreallocation();
    } catch (IOException e) {
      throw new JournalIoException(
          "cannot cut the zeros off " + segment.path + " to seal it: " + e.getMessage(), e);
    }
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
    if (fatal == null) {
      try {
        trimPreallocation();
      } catch (IOException e) {
        // The next open cuts the zeros off instead; closing goes on.
        LOG.warn("log {}: cannot cut the zeros off {}: {}", logId, segment.path, e.getMessage());
      }
    }
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
