package io.interstice.journal.log.internal;

import io.interstice.journal.CorruptLogException;
import io.interstice.journal.JournalIoException;
import io.interstice.journal.log.Frame;
import io.interstice.journal.log.FrameCodec;
import io.interstice.journal.log.LogDamage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * One segment file of a log as seen by readers: its base position, its frames' entries, any damage
 * a scan found, and a shared read channel for positional frame reads.
 *
 * <p>Thread-safety: positional reads are safe from any thread; {@code size} and the entries of the
 * active segment change only through {@link LogState}, on its owner's thread (the writer), the size
 * published before the index names the frames it covers.
 */
public final class Segment implements AutoCloseable {
  final long base;
  final Path path;
  final SegmentEntries entries;
  final List<LogDamage> damage;
  final int headerLength;
  private volatile long size;
  private volatile FileChannel reader;
  private boolean closed;

  Segment(
      long base,
      Path path,
      int headerLength,
      long size,
      SegmentEntries entries,
      List<LogDamage> damage) {
    this.base = base;
    this.path = path;
    this.headerLength = headerLength;
    this.size = size;
    this.entries = entries;
    this.damage = List.copyOf(damage);
  }

  public long size() {
    return size;
  }

  void size(long newSize) {
    size = newSize;
  }

  /** Log position just past the segment's last byte. */
  public long end() {
    return base + size;
  }

  /** Reads and verifies the frame at log position {@code position}. */
  Frame readFrame(long position) {
    long offset = position - base;
    try {
      var channel = reader();
      var header = ByteBuffer.allocate(FrameCodec.HEADER_LENGTH);
      readFully(channel, header, offset);
      int length = header.getInt(FrameCodec.OFFSET_LENGTH);
      if (!FrameCodec.plausibleLength(length)
          || offset + FrameCodec.HEADER_LENGTH + length > size) {
        throw new CorruptLogException(path, offset, null, "impossible frame length " + length);
      }
      var body = ByteBuffer.allocate(length);
      readFully(channel, body, offset + FrameCodec.HEADER_LENGTH);
      int stored = header.getInt(FrameCodec.OFFSET_CRC);
      int computed = Crc.of(body.array(), 0, length);
      if (stored != computed) {
        throw new CorruptLogException(path, offset, null, Crc.mismatch("frame", stored, computed));
      }
      try {
        return FrameCodec.decodeBody(position, body);
      } catch (IllegalArgumentException e) {
        throw new CorruptLogException(path, offset, null, "malformed frame: " + e.getMessage());
      }
    } catch (IOException e) {
      throw new JournalIoException(
          "cannot read " + path + " at offset " + offset + ": " + e.getMessage(), e);
    }
  }

  private FileChannel reader() throws IOException {
    var channel = reader;
    if (channel == null) {
      synchronized (this) {
        if (closed) {
          // Never reopen: a removed or reloaded segment would keep a handle nobody closes.
          throw new SegmentClosedException(path);
        }
        if (reader == null) {
          reader = FileChannel.open(path, StandardOpenOption.READ);
        }
        channel = reader;
      }
    }
    return channel;
  }

  private void readFully(FileChannel channel, ByteBuffer buffer, long offset) throws IOException {
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, offset + buffer.position());
      if (n < 0) {
        throw new CorruptLogException(path, offset, null, "file ends inside a frame");
      }
    }
    buffer.flip();
  }

  /** A read of a segment after it was closed (removed, or its log reloaded or closed). */
  static final class SegmentClosedException extends io.interstice.journal.JournalIoException {
    private static final long serialVersionUID = 1L;

    SegmentClosedException(Path path) {
      super(path + " was closed while being read (removed, or its log reloaded or closed)");
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (reader != null) {
      try {
        reader.close();
      } catch (IOException e) {
        // Closing a read-only channel cannot lose data; nothing to do.
      }
      reader = null;
    }
  }
}
