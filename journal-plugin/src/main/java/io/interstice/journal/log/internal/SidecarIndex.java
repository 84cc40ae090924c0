package io.interstice.journal.log.internal;

import io.interstice.journal.CorruptLogException;
import io.interstice.journal.log.SegmentNames;
import java.nio.ByteBuffer;
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
 * Read and written through {@link ChecksummedFile}: written to a temporary file, forced, and
 * renamed into place, so it exists whole or not at all; a flipped bit anywhere, magic and version
 * included, fails the checksum and the sidecar is rebuilt from its segment.
 *
 * <p>Stateless and thread-safe: a sidecar is written once, by the writer thread when it seals the
 * segment or by the recovery that rebuilds it, and only read afterwards.
 */
public final class SidecarIndex {
  public static final int MAGIC = 0x49535458;
  public static final short VERSION = 1;
  static final ChecksummedFile.Kind KIND = ChecksummedFile.Kind.of("sidecar", MAGIC, VERSION);
  static final int OFFSET_BASE = 8;
  static final int OFFSET_SEGMENT_SIZE = 16;
  static final int OFFSET_COUNT = 24;
  static final int OFFSET_ENTRIES = 28;

  private SidecarIndex() {}

  /** Writes the sidecar of a sealed segment atomically. */
  public static void write(Path logDir, long base, long segmentSize, SegmentEntries entries) {
    ChecksummedFile.write(
        SegmentNames.sidecar(logDir, base),
        KIND,
        out -> {
          out.writeLong(base);
          out.writeLong(segmentSize);
          out.writeInt(entries.size());
          for (int i = 0; i < entries.size(); i++) {
            ChecksummedFile.writeString(out, entries.persistenceId(i));
            out.writeLong(entries.position(i));
            out.writeLong(entries.firstSequenceNr(i));
            out.writeLong(entries.lastSequenceNr(i));
          }
        });
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
   * @throws io.interstice.journal.UnsupportedFormatException when it is of a newer version
   */
  public static Contents readContents(Path file, long base) {
    var body = ChecksummedFile.read(file, KIND);
    return ChecksummedFile.parse(file, KIND, body, b -> contents(file, base, b));
  }

  private static Contents contents(Path file, long base, ByteBuffer b) {
    long recordedBase = b.getLong();
    if (recordedBase != base) {
      throw new CorruptLogException(
          file,
          OFFSET_BASE,
          null,
          "sidecar describes segment base " + recordedBase + ", not " + base);
    }
    long size = b.getLong();
    var entries = new SegmentEntries();
    for (int i = b.getInt(); i > 0; i--) {
      entries.add(ChecksummedFile.readString(b), b.getLong(), b.getLong(), b.getLong());
    }
    if (b.hasRemaining()) {
      throw new CorruptLogException(file, b.position(), null, "unexpected bytes after entries");
    }
    return new Contents(size, entries);
  }
}
