package io.interstice.journal.snapshot;

import io.interstice.journal.CorruptLogException;
import io.interstice.journal.UnsupportedFormatException;
import io.interstice.journal.log.internal.ChecksummedFile;
import io.interstice.journal.log.internal.Durable;
import java.nio.file.Path;

/**
 * One snapshot on disk, {@code <data-dir>/snapshots/<id>/<sequence-nr, 20 digits>.snap}. Written to
 * a temporary file, forced, renamed atomically over any earlier snapshot at the same sequence
 * number, and the directory forced. Big-endian.
 *
 * <pre>
 * offset  width  field
 * 0       4      magic "ISTS" (0x49535453)
 * 4       2      format version (1)
 * 6       2      reserved, 0
 * 8       8      sequence number
 * 16      8      timestamp (epoch millis)
 * 24      4      serializer id
 * 28      2+m    serializer manifest (u16 length, UTF-8)
 * ..      2+p    persistence id (u16 length, UTF-8)
 * ..      4      payload length n
 * ..      n      payload
 * end-4   4      CRC32C over every preceding byte
 * </pre>
 *
 * Read and written through {@link ChecksummedFile}, whose checks run in its one order: length,
 * checksum, magic, version.
 *
 * @param persistenceId the id the snapshot belongs to
 * @param sequenceNr the sequence number it was taken at
 * @param timestamp when it was taken
 * @param serializerId Pekko serializer of the payload
 * @param manifest that serializer's manifest
 *     <p>Immutable (the payload array aside, which nobody changes). Writing is atomic, so
 *     concurrent writers of one file never mix bytes; reading is safe from any thread.
 * @param payload the serialized state
 */
public record SnapshotFile(
    String persistenceId,
    long sequenceNr,
    long timestamp,
    int serializerId,
    String manifest,
    byte[] payload) {
  public static final int MAGIC = 0x49535453;
  public static final short VERSION = 1;
  public static final String SUFFIX = ".snap";
  static final ChecksummedFile.Kind KIND = ChecksummedFile.Kind.of("snapshot", MAGIC, VERSION);
  static final int OFFSET_SEQUENCE_NR = 8;
  static final int OFFSET_TIMESTAMP = 16;
  static final int OFFSET_SERIALIZER = 24;
  static final int OFFSET_MANIFEST = 28;

  /** File name of the snapshot at {@code sequenceNr}. */
  public static String fileName(long sequenceNr) {
    return String.format("%020d%s", sequenceNr, SUFFIX);
  }

  /** Sequence number encoded in a snapshot file name, or -1 when the name is not a snapshot's. */
  public static long sequenceNrOf(String fileName) {
    if (fileName.length() != 20 + SUFFIX.length() || !fileName.endsWith(SUFFIX)) {
      return -1;
    }
    try {
      return Long.parseLong(fileName.substring(0, 20));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Writes this snapshot durably into {@code dir}, replacing one at the same sequence number. */
  public void writeTo(Path dir) {
    Durable.ensureDirectory(dir);
    ChecksummedFile.write(
        dir.resolve(fileName(sequenceNr)),
        KIND,
        out -> {
          out.writeLong(sequenceNr);
          out.writeLong(timestamp);
          out.writeInt(serializerId);
          ChecksummedFile.writeString(out, manifest);
          ChecksummedFile.writeString(out, persistenceId);
          out.writeInt(payload.length);
          out.write(payload);
        });
  }

  /**
   * Reads and verifies a snapshot file.
   *
   * @throws CorruptLogException when its checksum or structure is wrong
   * @throws UnsupportedFormatException when it is not a snapshot or of a newer version
   */
  public static SnapshotFile read(Path file) {
    var body = ChecksummedFile.read(file, KIND);
    return ChecksummedFile.parse(
        file,
        KIND,
        body,
        b -> {
          long sequenceNr = b.getLong();
          long timestamp = b.getLong();
          int serializerId = b.getInt();
          var manifest = ChecksummedFile.readString(b);
          var id = ChecksummedFile.readString(b);
          var payload = new byte[b.getInt()];
          b.get(payload);
          return new SnapshotFile(id, sequenceNr, timestamp, serializerId, manifest, payload);
        });
  }
}
