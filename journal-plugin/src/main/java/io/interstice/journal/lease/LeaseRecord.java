package io.interstice.journal.lease;

import io.interstice.journal.CorruptLogException;
import io.interstice.journal.log.internal.ChecksummedFile;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a lease file says: which owner holds the lease, since when, and until when. Written whole
 * (temporary file, force, atomic rename) by the lease's holder under the lease's lock, read by
 * every node that wants it. Big-endian; the layout of every {@link ChecksummedFile}:
 *
 * <pre>
 * offset  width  field
 * 0       4      magic "ISTE" (0x49535445)
 * 4       2      format version (1)
 * 6       2      reserved, 0
 * 8       8      expires at, epoch milliseconds by the writer's wall clock; 0 once released
 * 16      8      written at, epoch milliseconds (the start of the acquisition or renewal)
 * 24      8      held since, epoch milliseconds (when this owner acquired it)
 * 32      2+n    lease name (u16 length, UTF-8), e.g. "interstice-shard-Module-17"
 * 34+n    2+m    owner (u16 length, UTF-8), e.g. "interstice@10.0.0.5:2552"
 * 36+n+m  4      CRC32C over every preceding byte
 * </pre>
 *
 * A lease is free when its file is absent, released or expired ({@code expires at} not after the
 * reader's wall clock); a file that fails its checksum or names another lease is {@link
 * DamagedLeaseException damage}, never read as free.
 *
 * @param leaseName the lease, as the file must name it
 * @param owner who holds (or last held) it
 * @param heldSinceMillis when {@code owner} acquired it
 * @param writtenMillis when this record was written (by its writer's clock)
 * @param expiresMillis when it is free for others, by their wall clocks; 0 once released
 */
public record LeaseRecord(
    String leaseName, String owner, long heldSinceMillis, long writtenMillis, long expiresMillis) {
  static final int MAGIC = 0x49535445;
  static final short VERSION = 1;
  static final int OFFSET_EXPIRES = 8;
  static final int OFFSET_WRITTEN = 16;
  static final int OFFSET_HELD_SINCE = 24;
  static final int OFFSET_NAME = 32;
  static final ChecksummedFile.Kind KIND = ChecksummedFile.Kind.of("lease file", MAGIC, VERSION);

  public LeaseRecord {
    Objects.requireNonNull(leaseName, "leaseName");
    Objects.requireNonNull(owner, "owner");
  }

  /** True when {@code candidate} is the owner this record names. */
  public boolean heldBy(String candidate) {
    return owner.equals(candidate);
  }

  /** True when the lease is free at {@code wallMillis}: expired or released. */
  public boolean expiredAt(long wallMillis) {
    return wallMillis >= expiresMillis;
  }

  /** This record as given up by its owner at {@code wallMillis}. */
  LeaseRecord released(long wallMillis) {
    return new LeaseRecord(leaseName, owner, heldSinceMillis, wallMillis, 0);
  }

  /** The file's bytes. */
  byte[] encode() {
    return ChecksummedFile.encode(
        KIND,
        out -> {
          out.writeLong(expiresMillis);
          out.writeLong(writtenMillis);
          out.writeLong(heldSinceMillis);
          ChecksummedFile.writeString(out, leaseName);
          ChecksummedFile.writeString(out, owner);
        });
  }

  /**
   * Decodes the bytes of {@code file}, which must be the file of lease {@code expectedName}.
   *
   * @throws DamagedLeaseException when the checksum fails, the fields are cut short or the file
   *     names another lease
   * @throws io.interstice.journal.UnsupportedFormatException when the checksum holds but the magic
   *     or version is not one this build reads
   */
  static LeaseRecord decode(Path file, String expectedName, byte[] bytes) {
    LeaseRecord record;
    try {
      var body = ChecksummedFile.verify(file, KIND, bytes);
      record =
          ChecksummedFile.parse(
              file,
              KIND,
              body,
              b -> {
                long expires = b.getLong();
                long written = b.getLong();
                long heldSince = b.getLong();
                var name = ChecksummedFile.readString(b);
                var owner = ChecksummedFile.readString(b);
                return new LeaseRecord(name, owner, heldSince, written, expires);
              });
    } catch (CorruptLogException e) {
      throw new DamagedLeaseException(file, e.getMessage(), e);
    }
    if (!record.leaseName().equals(expectedName)) {
      throw new DamagedLeaseException(
          file,
          "it holds lease '" + record.leaseName() + "', expected '" + expectedName + "'",
          null);
    }
    return record;
  }
}
