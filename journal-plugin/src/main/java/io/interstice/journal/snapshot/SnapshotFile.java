package io.interstice.journal.snapshot;

import io.interstice.journal.CorruptLogException;
import io.interstice.journal.JournalIoException;
import io.interstice.journal.UnsupportedFormatException;
import io.interstice.journal.log.Durable;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

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
 * @param persistenceId the id the snapshot belongs to
 * @param sequenceNr the sequence number it was taken at
 * @param timestamp when it was taken
 * @param serializerId Pekko serializer of the payload
 * @param manifest that serializer's manifest
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
    var m = manifest.getBytes(StandardCharsets.UTF_8);
    var id = persistenceId.getBytes(StandardCharsets.UTF_8);
    var b =
        ByteBuffer.allocate(
            OFFSET_MANIFEST + 2 + m.length + 2 + id.length + 4 + payload.length + 4);
    b.putInt(MAGIC).putShort(VERSION).putShort((short) 0);
    b.putLong(sequenceNr).putLong(timestamp).putInt(serializerId);
    b.putShort((short) m.length).put(m).putShort((short) id.length).put(id);
    b.putInt(payload.length).put(payload);
    b.putInt(crc(b.array(), b.position()));
    Durable.ensureDirectory(dir);
    Durable.writeAtomically(dir.resolve(fileName(sequenceNr)), b.array());
  }

  /**
   * Reads and verifies a snapshot file.
   *
   * @throws CorruptLogException when its checksum or structure is wrong
   * @throws UnsupportedFormatException when it is not a snapshot or of a newer version
   */
  public static SnapshotFile read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new JournalIoException("cannot read snapshot " + file + ": " + e.getMessage(), e);
    }
    var b = ByteBuffer.wrap(bytes);
    if (bytes.length < OFFSET_MANIFEST + 12 || b.getInt(0) != MAGIC) {
      throw new UnsupportedFormatException(file + " is not an Interstice snapshot");
    }
    if (b.getShort(4) != VERSION) {
      throw new UnsupportedFormatException(
          file + " has snapshot version " + b.getShort(4) + "; this build reads " + VERSION);
    }
    int stored = b.getInt(bytes.length - 4);
    int computed = crc(bytes, bytes.length - 4);
    if (stored != computed) {
      throw new CorruptLogException(
          file,
          0,
          null,
          String.format("snapshot CRC stored 0x%08x, computed 0x%08x", stored, computed));
    }
    try {
      b.limit(bytes.length - 4).position(OFFSET_MANIFEST);
      var manifest = string(b);
      var id = string(b);
      var payload = new byte[b.getInt()];
      b.get(payload);
      return new SnapshotFile(
          id,
          b.getLong(OFFSET_SEQUENCE_NR),
          b.getLong(OFFSET_TIMESTAMP),
          b.getInt(OFFSET_SERIALIZER),
          manifest,
          payload);
    } catch (BufferUnderflowException | NegativeArraySizeException e) {
      throw new CorruptLogException(file, b.position(), null, "snapshot fields cut short");
    }
  }

  private static String string(ByteBuffer b) {
    var bytes = new byte[Short.toUnsignedInt(b.getShort())];
    b.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static int crc(byte[] bytes, int length) {
    var crc = new CRC32C();
    crc.update(bytes, 0, length);
    return (int) crc.getValue();
  }
}
