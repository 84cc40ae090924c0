package io.interstice.journal.log;

import io.interstice.journal.CorruptLogException;
import io.interstice.journal.JournalIoException;
import io.interstice.journal.UnsupportedFormatException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The sidecar index written when a segment is sealed, so that opening a log reads small sidecars
 * instead of scanning sealed segments. It is derived data: when it is missing, stale or damaged,
 * the segment is scanned instead and the problem reported. Big-endian.
 *
 * <pre>
 * offset  width  field
 * 0       4      magic "ISTX" (0x49535458)
 * 4       2      format version (1)
 * 6       2      reserved, 0
 * 8       8      base position of the segment
 * 16      8      segment file size the index covers
 * 24      4      entry count N
 * 28      ...    N entries in file order, each:
 *                  2+p  persistence id (u16 length, UTF-8)
 *                  8    frame position
 *                  8    first sequence number
 *                  8    last sequence number
 * end-4   4      CRC32C over every preceding byte
 * </pre>
 *
 * Written to a temporary file, forced, and renamed into place, so it exists whole or not at all.
 */
public final class SidecarIndex {
  public static final int MAGIC = 0x49535458;
  public static final short VERSION = 1;
  static final int OFFSET_BASE = 8;
  static final int OFFSET_SEGMENT_SIZE = 16;
  static final int OFFSET_COUNT = 24;
  static final int OFFSET_ENTRIES = 28;

  private SidecarIndex() {}

  /** Writes the sidecar of a sealed segment atomically. */
  public static void write(Path logDir, long base, long segmentSize, SegmentEntries entries) {
    var bytes = new ByteArrayOutputStream(OFFSET_ENTRIES + entries.size() * 40);
    try (var out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeShort(VERSION);
      out.writeShort(0);
      out.writeLong(base);
      out.writeLong(segmentSize);
      out.writeInt(entries.size());
      for (int i = 0; i < entries.size(); i++) {
        var id = entries.persistenceId(i).getBytes(StandardCharsets.UTF_8);
        out.writeShort(id.length);
        out.write(id);
        out.writeLong(entries.position(i));
        out.writeLong(entries.firstSequenceNr(i));
        out.writeLong(entries.lastSequenceNr(i));
      }
      var body = bytes.toByteArray();
      out.writeInt(Crc.of(body, 0, body.length));
    } catch (IOException e) {
      throw new AssertionError("in-memory stream failed", e);
    }
    Durable.writeAtomically(SegmentNames.sidecar(logDir, base), bytes.toByteArray());
  }

  /**
   * What a verified sidecar records.
   *
   * @param segmentSize the size the segment had when it was sealed
   * @param entries its frames, in file order
   */
  public record Contents(long segmentSize, SegmentEntries entries) {}

  /**
   * Reads and verifies the sidecar of segment {@code base}.
   *
   * @throws CorruptLogException when its checksum or structure is wrong, or it does not match the
   *     segment (other base or other size)
   */
  public static SegmentEntries read(Path file, long base, long segmentSize) {
    var contents = readContents(file, base);
    if (contents.segmentSize() != segmentSize) {
      throw new CorruptLogException(
          file,
          OFFSET_SEGMENT_SIZE,
          null,
          "sidecar describes segment base "
              + base
              + " of "
              + contents.segmentSize()
              + " bytes, but the segment has "
              + segmentSize
              + " bytes");
    }
    return contents.entries();
  }

  /**
   * Reads and verifies the sidecar of segment {@code base}, whatever size the segment has now.
   *
   * @throws CorruptLogException when its checksum or structure is wrong or it names another base
   */
  public static Contents readContents(Path file, long base) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new JournalIoException("cannot read sidecar " + file + ": " + e.getMessage(), e);
    }
    var b = ByteBuffer.wrap(bytes);
    if (bytes.length < OFFSET_ENTRIES + 4) {
      throw new CorruptLogException(
          file, 0, null, "sidecar cut short at " + bytes.length + " bytes");
    }
    if (b.getInt(0) != MAGIC) {
      throw new CorruptLogException(file, 0, null, "not a sidecar index (bad magic)");
    }
    // Checksum before version: a flipped version bit is damage (the sidecar is rebuilt), not a
    // newer format that would stop the log from opening.
    int stored = b.getInt(bytes.length - 4);
    int computed = Crc.of(bytes, 0, bytes.length - 4);
    if (stored != computed) {
      throw new CorruptLogException(
          file,
          0,
          null,
          "sidecar CRC stored " + Crc.hex(stored) + ", computed " + Crc.hex(computed));
    }
    if (b.getShort(4) != VERSION) {
      throw new UnsupportedFormatException(
          file + " has sidecar version " + b.getShort(4) + "; this build reads " + VERSION);
    }
    if (b.getLong(OFFSET_BASE) != base) {
      throw new CorruptLogException(
          file,
          OFFSET_BASE,
          null,
          "sidecar describes segment base " + b.getLong(OFFSET_BASE) + ", not " + base);
    }
    long size = b.getLong(OFFSET_SEGMENT_SIZE);
    return new Contents(size, entries(file, b.limit(bytes.length - 4).position(OFFSET_ENTRIES)));
  }

  private static SegmentEntries entries(Path file, ByteBuffer b) {
    int count = b.getInt(OFFSET_COUNT);
    var entries = new SegmentEntries();
    try {
      for (int i = 0; i < count; i++) {
        var id = new byte[Short.toUnsignedInt(b.getShort())];
        b.get(id);
        entries.add(new String(id, StandardCharsets.UTF_8), b.getLong(), b.getLong(), b.getLong());
      }
    } catch (BufferUnderflowException e) {
      throw new CorruptLogException(file, b.position(), null, "sidecar entries cut short");
    }
    if (b.hasRemaining()) {
      throw new CorruptLogException(file, b.position(), null, "unexpected bytes after entries");
    }
    return entries;
  }
}
