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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per persistence id: events up to which sequence number were deleted through this log, and the
 * highest sequence number at that moment (so deletion never lowers it, even after the segments that
 * held the events are removed). Kept in {@code deletions.dat}, rewritten atomically. Big-endian.
 *
 * <pre>
 * offset  width  field
 * 0       4      magic "ISTD" (0x49535444)
 * 4       2      format version (1)
 * 6       2      reserved, 0
 * 8       4      entry count N
 * 12      ...    N entries: 2+p persistence id, 8 deleted-to sequence nr, 8 highest sequence nr
 * end-4   4      CRC32C over every preceding byte
 * </pre>
 *
 * <p>Thread-safety: reads are lock-free; {@link #record} is synchronized (one writer at a time).
 */
public final class DeletionState {
  public static final int MAGIC = 0x49535444;
  public static final short VERSION = 1;

  /** Deletion facts of one id. */
  public record Deletion(long deletedTo, long highestSequenceNr) {}

  private final Path file;
  private final Map<String, Deletion> byId = new ConcurrentHashMap<>();

  private DeletionState(Path file) {
    this.file = file;
  }

  /** Loads {@code deletions.dat} of a log directory; an absent file means no deletions. */
  public static DeletionState load(Path logDir) {
    var state = new DeletionState(logDir.resolve(SegmentNames.DELETIONS_FILE));
    if (Files.exists(state.file)) {
      state.read();
    }
    return state;
  }

  public long deletedTo(String persistenceId) {
    var d = byId.get(persistenceId);
    return d == null ? 0L : d.deletedTo();
  }

  public long highestSequenceNr(String persistenceId) {
    var d = byId.get(persistenceId);
    return d == null ? 0L : d.highestSequenceNr();
  }

  /** Records and durably stores a deletion; never lowers an earlier one. */
  public synchronized void record(String persistenceId, long toSequenceNr, long highest) {
    var old = byId.getOrDefault(persistenceId, new Deletion(0, 0));
    var merged =
        new Deletion(
            Math.max(old.deletedTo(), Math.min(toSequenceNr, highest)),
            Math.max(old.highestSequenceNr(), highest));
    if (merged.equals(old)) {
      return;
    }
    byId.put(persistenceId, merged);
    Durable.writeAtomically(file, encode());
  }

  private byte[] encode() {
    var bytes = new ByteArrayOutputStream();
    try (var out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeShort(VERSION);
      out.writeShort(0);
      out.writeInt(byId.size());
      for (var e : byId.entrySet()) {
        var id = e.getKey().getBytes(StandardCharsets.UTF_8);
        out.writeShort(id.length);
        out.write(id);
        out.writeLong(e.getValue().deletedTo());
        out.writeLong(e.getValue().highestSequenceNr());
      }
      var body = bytes.toByteArray();
      out.writeInt(Crc.of(body, 0, body.length));
    } catch (IOException e) {
      throw new AssertionError("in-memory stream failed", e);
    }
    return bytes.toByteArray();
  }

  private void read() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new JournalIoException("cannot read " + file + ": " + e.getMessage(), e);
    }
    var b = ByteBuffer.wrap(bytes);
    if (bytes.length < 16 || b.getInt(0) != MAGIC) {
      throw new UnsupportedFormatException(file + " is not an Interstice deletions file");
    }
    if (b.getShort(4) != VERSION) {
      throw new UnsupportedFormatException(
          file + " has version " + b.getShort(4) + "; this build reads " + VERSION);
    }
    int stored = b.getInt(bytes.length - 4);
    int computed = Crc.of(bytes, 0, bytes.length - 4);
    if (stored != computed) {
      throw new CorruptLogException(
          file, 0, null, "CRC stored " + Crc.hex(stored) + ", computed " + Crc.hex(computed));
    }
    b.limit(bytes.length - 4).position(12);
    try {
      for (int i = b.getInt(8); i > 0; i--) {
        var id = new byte[Short.toUnsignedInt(b.getShort())];
        b.get(id);
        byId.put(new String(id, StandardCharsets.UTF_8), new Deletion(b.getLong(), b.getLong()));
      }
    } catch (BufferUnderflowException e) {
      throw new CorruptLogException(file, b.position(), null, "entries cut short");
    }
  }
}
