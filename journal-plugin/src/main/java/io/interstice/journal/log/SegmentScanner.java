package io.interstice.journal.log;

import io.interstice.journal.JournalIoException;
import io.interstice.journal.log.internal.Crc;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.function.Consumer;

/**
 * Reads every frame of one segment file in order, verifying each checksum, and classifies what is
 * wrong with the rest: a <em>torn tail</em> (the file ends inside a frame, or in a frame whose
 * checksum fails and after which only zero bytes follow: a write that never completed) or
 * <em>damage</em> (a bad frame followed by more data). After damage the scanner resynchronises on
 * the next offset where a whole frame verifies, so later frames are still found.
 *
 * <p>Stateless and thread-safe; one scan reads the whole file into the heap with positional reads
 * (a segment is at most 2 GiB) and closes it before returning.
 */
public final class SegmentScanner {
  /** Trailing zero bytes in a complete-looking last frame that mark it as never written. */
  static final int TORN_ZERO_RUN = 16;

  private SegmentScanner() {}

  /**
   * Where the bytes of {@code file} end once the zeros at its end are left out: the size of a
   * segment without the zeros the writer keeps ahead of its frames ({@code preallocate}), which
   * grows with every append as the file's size did without them.
   */
  public static long endOfData(Path file) {
    try (var channel = FileChannel.open(file, StandardOpenOption.READ)) {
      var buffer = ByteBuffer.allocate(64 * 1024);
      long end = channel.size();
      while (end > 0) {
        long from = Math.max(0, end - buffer.capacity());
        buffer.clear().limit((int) (end - from));
        while (buffer.hasRemaining() && channel.read(buffer, from + buffer.position()) > 0) {
          // positional reads until the piece is in
        }
        for (int i = buffer.position() - 1; i >= 0; i--) {
          if (buffer.get(i) != 0) {
            return from + i + 1;
          }
        }
        end = from;
      }
      return 0;
    } catch (IOException e) {
      throw new JournalIoException("cannot read segment " + file + ": " + e.getMessage(), e);
    }
  }

  /** Scans {@code file}, handing each valid frame to {@code visitor} in file order. */
  public static SegmentScan scan(Path file, Consumer<Frame> visitor) {
    try (var channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > Integer.MAX_VALUE) {
        throw new JournalIoException(file + " is larger than 2 GiB; segments are at most 2 GiB");
      }
      var bytes = readFully(channel, (int) size);
      var header = SegmentHeader.decode(file, bytes.duplicate());
      return scanFrames(file, header, bytes, visitor);
    } catch (IOException e) {
      throw new JournalIoException("cannot read segment " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The first {@code size} bytes of the file, read into the heap rather than mapped: a mapping
   * lives until the garbage collector finds it, and keeps the space of a removed segment in use
   * until then. A file that shrank meanwhile yields only what it still holds.
   */
  private static ByteBuffer readFully(FileChannel channel, int size) throws IOException {
    var bytes = ByteBuffer.allocate(size);
    while (bytes.hasRemaining() && channel.read(bytes, bytes.position()) >= 0) {
      // positional reads until the buffer is full or the file ends
    }
    return bytes.flip();
  }

  private static SegmentScan scanFrames(
      Path file, SegmentHeader header, ByteBuffer map, Consumer<Frame> visitor) {
    int size = map.limit();
    int offset = header.length();
    int frames = 0;
    var damage = new ArrayList<LogDamage>();
    while (offset < size) {
      var problem = checkFrame(map, offset);
      if (problem == null) {
        int length = map.getInt(offset + FrameCodec.OFFSET_LENGTH);
        var body = map.duplicate().position(offset + FrameCodec.HEADER_LENGTH);
        body.limit(offset + FrameCodec.HEADER_LENGTH + length);
        Frame frame;
        try {
          frame = FrameCodec.decodeBody(header.basePosition() + offset, body);
        } catch (IllegalArgumentException e) {
          problem = "checksum matches but the body is malformed: " + e.getMessage();
          frame = null;
        }
        if (frame != null) {
          visitor.accept(frame);
          frames++;
          offset += FrameCodec.HEADER_LENGTH + length;
          continue;
        }
      }
      int resume = resync(map, offset + 1);
      if (resume == size && looksTorn(map, offset)) {
        return new SegmentScan(file, header, size, offset, true, frames, damage);
      }
      // Never the id the damaged bytes name: a frame that fails its check cannot vouch for it.
      damage.add(new LogDamage(file, offset, resume, null, problem));
      offset = resume;
    }
    return new SegmentScan(file, header, size, offset, false, frames, damage);
  }

  /** Null when a whole frame with a matching checksum starts at {@code offset}. */
  private static String checkFrame(ByteBuffer map, int offset) {
    int size = map.limit();
    if (size - offset < FrameCodec.HEADER_LENGTH) {
      return "frame header cut short (" + (size - offset) + " bytes left)";
    }
    int length = map.getInt(offset + FrameCodec.OFFSET_LENGTH);
    if (!FrameCodec.plausibleLength(length)) {
      return "impossible frame length " + length;
    }
    if ((long) offset + FrameCodec.HEADER_LENGTH + length > size) {
      return "frame of " + length + " bytes runs past the end of the file";
    }
    int stored = map.getInt(offset + FrameCodec.OFFSET_CRC);
    int computed = Crc.of(map, offset + FrameCodec.HEADER_LENGTH, length);
    return stored == computed ? null : Crc.mismatch("frame", stored, computed);
  }

  /**
   * Whether a bad frame with nothing valid after it has the shape of an interrupted append: the
   * file ends inside its header or body, or from its start everything is zeros, or its body ends in
   * a run of at least {@link #TORN_ZERO_RUN} zero bytes (blocks the file system allocated but never
   * wrote). A complete frame whose checksum fails for any other reason is damage, even at the end
   * of the file: it may have been acknowledged.
   */
  private static boolean looksTorn(ByteBuffer map, int offset) {
    int size = map.limit();
    if (size - offset < FrameCodec.HEADER_LENGTH || zerosFrom(map, offset)) {
      return true;
    }
    int length = map.getInt(offset + FrameCodec.OFFSET_LENGTH);
    if (!FrameCodec.plausibleLength(length)) {
      return false;
    }
    long end = (long) offset + FrameCodec.HEADER_LENGTH + length;
    if (end > size) {
      return true;
    }
    int runStart = (int) end - TORN_ZERO_RUN;
    return runStart >= offset + FrameCodec.HEADER_LENGTH && zerosBetween(map, runStart, size);
  }

  private static boolean zerosBetween(ByteBuffer map, int from, int to) {
    for (int i = from; i < to; i++) {
      if (map.get(i) != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean zerosFrom(ByteBuffer map, int from) {
    return zerosBetween(map, from, map.limit());
  }

  /** The next offset at or after {@code from} where a whole valid frame starts, else the size. */
  static int resync(ByteBuffer map, int from) {
    int size = map.limit();
    for (int at = from; at + FrameCodec.HEADER_LENGTH < size; at++) {
      if (map.get(at + FrameCodec.HEADER_LENGTH) == FrameCodec.TYPE_EVENTS
          && checkFrame(map, at) == null) {
        return at;
      }
    }
    return size;
  }
}
