package io.interstice.journal.log.internal;

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
import java.util.function.Function;

/**
 * Reads and writes the small checksummed files kept beside the segments: each one a magic naming
 * its kind, a format version, its own fields and a CRC32C over everything before it. Big-endian.
 *
 * <pre>
 * offset  width  field
 * 0       4      magic, one per kind of file (below)
 * 4       2      format version
 * 6       2      reserved, 0
 * 8       n      body: the fields of the kind, documented in the class that parses them
 * 8+n     4      CRC32C over bytes [0, 8+n)
 *
 * kind             magic               versions read  parsed by
 * sidecar          ISTX (0x49535458)   1              SidecarIndex
 * deletions file   ISTD (0x49535444)   1, 2           DeletionState
 * commit mark      ISTC (0x49535443)   1              CommitMark
 * snapshot         ISTS (0x49535453)   1              SnapshotFile
 * snapshot marker  ISTN (0x4953544E)   1              SnapshotDirectory
 * lease file       ISTE (0x49535445)   1              LeaseRecord (io.interstice.journal.lease)
 * history file     ISTH (0x49535448)   1              PersistenceHistory (header only, see below)
 * </pre>
 *
 * <p>Reading checks, always in this order: that the file holds a header and a checksum, the
 * checksum, the magic, the version. Nothing is decided from bytes the checksum rejected: a flipped
 * bit in the magic or the version is damage ({@link CorruptLogException}), not a foreign file or a
 * newer format; only a file whose checksum holds but whose magic or version is not ours is refused
 * as {@link UnsupportedFormatException}. Every error names the file and the stored and expected (or
 * computed) values.
 *
 * <p>A history file is appended to rather than rewritten, so it has no whole-file checksum: its
 * header is magic, version and the persistence id, with no reserved field, checked by {@link
 * #checkHeader}; each record it appends carries its own CRC32C ({@link #checkCrc}).
 *
 * <p>Stateless and thread-safe. Writes go through {@link Durable#writeAtomically}: temporary file,
 * force, atomic rename, force of the directory.
 */
public final class ChecksummedFile {
  public static final int OFFSET_MAGIC = 0;
  public static final int OFFSET_VERSION = 4;
  public static final int OFFSET_RESERVED = 6;
  public static final int OFFSET_BODY = 8;
  public static final int CRC_LENGTH = 4;

  /** Bytes of a file with an empty body. */
  public static final int MIN_LENGTH = OFFSET_BODY + CRC_LENGTH;

  private ChecksummedFile() {}

  /**
   * One kind of checksummed file.
   *
   * @param name how errors call it ("sidecar", "snapshot", …)
   * @param magic the four bytes every file of the kind starts with
   * @param version the version this build writes
   * @param oldestReadable the oldest version this build still reads
   */
  public record Kind(String name, int magic, short version, short oldestReadable) {
    /** A kind of which this build reads only the version it writes. */
    public static Kind of(String name, int magic, short version) {
      return new Kind(name, magic, version, version);
    }

    boolean reads(short found) {
      return found >= oldestReadable && found <= version;
    }

    String versions() {
      return oldestReadable == version
          ? "version " + version
          : "versions " + oldestReadable + ".." + version;
    }
  }

  /** Writes a file's body fields. */
  @FunctionalInterface
  public interface Body {
    void write(DataOutputStream out) throws IOException;
  }

  /** The bytes of a file of {@code kind} at its current version holding {@code body}. */
  public static byte[] encode(Kind kind, Body body) {
    var bytes = new ByteArrayOutputStream();
    try (var out = new DataOutputStream(bytes)) {
      out.writeInt(kind.magic());
      out.writeShort(kind.version());
      out.writeShort(0);
      body.write(out);
      var covered = bytes.toByteArray();
      out.writeInt(Crc.of(covered, 0, covered.length));
    } catch (IOException e) {
      throw new AssertionError("in-memory stream failed", e);
    }
    return bytes.toByteArray();
  }

  /** Writes a file of {@code kind} holding {@code body} so that it exists whole or not at all. */
  public static void write(Path target, Kind kind, Body body) {
    Durable.writeAtomically(target, encode(kind, body));
  }

  /**
   * Reads and verifies {@code file}.
   *
   * @return its bytes, positioned at the body and limited to its end (absolute offsets stay those
   *     of the file); the version is at {@link #OFFSET_VERSION}
   * @throws CorruptLogException when the file is too short or its checksum fails
   * @throws UnsupportedFormatException when its checksum holds but its magic or version is not one
   *     this build reads
   */
  public static ByteBuffer read(Path file, Kind kind) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new JournalIoException(
          "cannot read " + kind.name() + " " + file + ": " + e.getMessage(), e);
    }
    return verify(file, kind, bytes);
  }

  /** As {@link #read}, for bytes already read from {@code file}. */
  public static ByteBuffer verify(Path file, Kind kind, byte[] bytes) {
    if (bytes.length < MIN_LENGTH) {
      throw new CorruptLogException(
          file,
          0,
          null,
          kind.name()
              + " cut short at "
              + bytes.length
              + " bytes (a header and checksum take "
              + MIN_LENGTH
              + ")");
    }
    var b = ByteBuffer.wrap(bytes);
    int end = bytes.length - CRC_LENGTH;
    int stored = b.getInt(end);
    int computed = Crc.of(bytes, 0, end);
    if (stored != computed) {
      throw new CorruptLogException(
          file,
          0,
          null,
          Crc.mismatch(kind.name(), stored, computed)
              + (b.getInt(OFFSET_MAGIC) == kind.magic()
                  ? ""
                  : "; its magic is "
                      + hex(b.getInt(OFFSET_MAGIC))
                      + " where "
                      + magicOf(kind)
                      + " belongs: damaged, or not written by Interstice"));
    }
    checkHeader(file, kind, b);
    return b.limit(end).position(OFFSET_BODY);
  }

  /**
   * Checks the magic and version at the start of {@code b}; for a file with a whole-file checksum
   * only once that has been verified.
   *
   * @throws UnsupportedFormatException when they are not ones this build reads
   */
  public static void checkHeader(Path file, Kind kind, ByteBuffer b) {
    if (b.limit() < OFFSET_RESERVED || b.getInt(OFFSET_MAGIC) != kind.magic()) {
      throw new UnsupportedFormatException(
          file
              + " is not an Interstice "
              + kind.name()
              + " (magic "
              + (b.limit() < 4
                  ? "missing, file has " + b.limit() + " bytes"
                  : hex(b.getInt(OFFSET_MAGIC)))
              + ", expected "
              + magicOf(kind)
              + ")");
    }
    short version = b.getShort(OFFSET_VERSION);
    if (!kind.reads(version)) {
      throw new UnsupportedFormatException(
          file
              + " has "
              + kind.name()
              + " version "
              + version
              + "; this build reads "
              + kind.versions());
    }
  }

  /**
   * Checks one checksummed record inside a file (a history's claims).
   *
   * @throws CorruptLogException naming the record's offset and both values when they differ
   */
  public static void checkCrc(
      Path file, long offset, String persistenceId, String what, int stored, int computed) {
    if (stored != computed) {
      throw new CorruptLogException(
          file, offset, persistenceId, Crc.mismatch(what, stored, computed));
    }
  }

  /**
   * Decodes the body of a verified file with {@code parser}; running out of bytes is damage of the
   * file at the offset where they ran out.
   */
  public static <T> T parse(Path file, Kind kind, ByteBuffer body, Function<ByteBuffer, T> parser) {
    try {
      return parser.apply(body);
    } catch (BufferUnderflowException | IndexOutOfBoundsException | NegativeArraySizeException e) {
      throw new CorruptLogException(file, body.position(), null, kind.name() + " fields cut short");
    }
  }

  /** Writes a string field: unsigned 16-bit byte length, then UTF-8. */
  public static void writeString(DataOutputStream out, String value) throws IOException {
    var bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeShort(bytes.length);
    out.write(bytes);
  }

  /** Reads a string field written by {@link #writeString}. */
  public static String readString(ByteBuffer b) {
    var bytes = new byte[Short.toUnsignedInt(b.getShort())];
    b.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static String magicOf(Kind kind) {
    var text = ByteBuffer.allocate(4).putInt(kind.magic()).array();
    return hex(kind.magic()) + " \"" + new String(text, StandardCharsets.US_ASCII) + "\"";
  }

  private static String hex(int value) {
    return String.format("0x%08x", value);
  }
}
