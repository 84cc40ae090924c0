package io.interstice.journal.log;

import io.interstice.journal.CorruptLogException;
import io.interstice.journal.UnsupportedFormatException;
import io.interstice.journal.log.internal.Crc;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The header at the start of every segment file. All integers are big-endian.
 *
 * <pre>
 * offset  width  field
 * 0       4      magic "ISTL" (0x4953544C)
 * 4       2      format version (currently 1)
 * 6       2      header length H in bytes, this field and the CRC included
 * 8       8      base position: log position of the segment's first byte (equals the file name)
 * 16      2      log-id length n
 * 18      n      log-id, UTF-8
 * 18+n    4      CRC32C over bytes [0, 18+n)
 * </pre>
 *
 * Frames start at offset H. A reader that finds the magic but a newer version refuses the file; H
 * lets a future version add fields without moving the frames of older readers' files.
 */
public record SegmentHeader(int version, long basePosition, String logId) {
  public static final int MAGIC = 0x4953544C;
  public static final short VERSION = 1;
  static final int OFFSET_MAGIC = 0;
  static final int OFFSET_VERSION = 4;
  static final int OFFSET_HEADER_LENGTH = 6;
  public static final int OFFSET_BASE = 8;
  static final int OFFSET_LOG_ID_LENGTH = 16;
  static final int OFFSET_LOG_ID = 18;

  /** Bytes of a header with an empty log id; the fixed part a reader reads first. */
  public static final int FIXED_LENGTH = OFFSET_LOG_ID + 4;

  /** Upper bound on a header (log ids are short names). */
  public static final int MAX_LENGTH = FIXED_LENGTH + 1024;

  /** A current-version header for a new segment. */
  public static SegmentHeader of(long basePosition, String logId) {
    return new SegmentHeader(VERSION, basePosition, logId);
  }

  /** Length in bytes of this header on disk. */
  public int length() {
    return FIXED_LENGTH + logId.getBytes(StandardCharsets.UTF_8).length;
  }

  public ByteBuffer encode() {
    var id = logId.getBytes(StandardCharsets.UTF_8);
    var buffer = ByteBuffer.allocate(FIXED_LENGTH + id.length);
    buffer.putInt(MAGIC).putShort(VERSION).putShort((short) (FIXED_LENGTH + id.length));
    buffer.putLong(basePosition).putShort((short) id.length).put(id);
    buffer.putInt(Crc.of(buffer.array(), 0, OFFSET_LOG_ID + id.length));
    return buffer.flip();
  }

  /**
   * Decodes the header at the start of {@code bytes} (which must hold at least {@link #MAX_LENGTH}
   * bytes or the whole file, whichever is shorter).
   *
   * @throws UnsupportedFormatException when the file is not ours or of a newer version
   * @throws CorruptLogException when the header is ours but damaged
   */
  public static SegmentHeader decode(Path file, ByteBuffer bytes) {
    if (bytes.remaining() < 4 || bytes.getInt(OFFSET_MAGIC) != MAGIC) {
      throw new UnsupportedFormatException(
          file + " is not an Interstice log segment (magic " + magicOf(bytes) + ", expected ISTL)");
    }
    if (bytes.remaining() < FIXED_LENGTH) {
      throw new CorruptLogException(file, 0, null, "segment header cut short");
    }
    int version = bytes.getShort(OFFSET_VERSION);
    if (version != VERSION) {
      throw new UnsupportedFormatException(
          file + " has log format version " + version + "; this build reads version " + VERSION);
    }
    int headerLength = Short.toUnsignedInt(bytes.getShort(OFFSET_HEADER_LENGTH));
    int idLength = Short.toUnsignedInt(bytes.getShort(OFFSET_LOG_ID_LENGTH));
    if (headerLength != FIXED_LENGTH + idLength || headerLength > bytes.remaining()) {
      throw new CorruptLogException(
          file, OFFSET_HEADER_LENGTH, null, "impossible segment header length " + headerLength);
    }
    int stored = bytes.getInt(OFFSET_LOG_ID + idLength);
    int computed = Crc.of(bytes, 0, OFFSET_LOG_ID + idLength);
    if (stored != computed) {
      throw new CorruptLogException(
          file, 0, null, Crc.mismatch("segment header", stored, computed));
    }
    var id = new byte[idLength];
    bytes.get(OFFSET_LOG_ID, id);
    return new SegmentHeader(
        version, bytes.getLong(OFFSET_BASE), new String(id, StandardCharsets.UTF_8));
  }

  private static String magicOf(ByteBuffer bytes) {
    var sb = new StringBuilder("0x");
    for (int i = 0; i < Math.min(4, bytes.remaining()); i++) {
      sb.append(String.format("%02x", bytes.get(i)));
    }
    return sb.length() == 2 ? "none, file is empty" : sb.toString();
  }
}
