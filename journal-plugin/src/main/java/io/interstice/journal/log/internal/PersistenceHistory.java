package io.interstice.journal.log.internal;

import io.interstice.journal.CorruptLogException;
import io.interstice.journal.JournalIoException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Which node logs hold the history of each persistence id, and from which sequence number on: a
 * small append-only file per id in {@code <journal-dir>/histories/}. A log claims an id before its
 * first append to it; a node that takes an id over replays each owner's range from that owner's
 * log, in order. Big-endian.
 *
 * <pre>
 * file header
 * 0       4      magic "ISTH" (0x49535448)
 * 4       2      format version (1)
 * 6       2+p    persistence id (u16 length, UTF-8)
 * records, appended, each:
 * 0       4      body length L
 * 4       4      CRC32C over the body
 * 8       L      body: log id (u16 length, UTF-8), then 8 bytes first sequence number owned
 * </pre>
 *
 * A torn last record (a claim interrupted by a crash) is ignored and overwritten by the next claim;
 * any other damage is reported. The header is checked, and each record's checksum verified, by
 * {@link ChecksummedFile}; the header itself carries no checksum (the file is appended to, never
 * rewritten).
 *
 * <p>Thread-safety: unfenced claims are serialised by this object's monitor, fenced ones by their
 * lock files (so a claim waiting for a paused process holds up only the ids of its stripe); claims
 * by several processes for one id are fenced by Pekko's single-writer guarantee (one incarnation
 * per id at a time) and, when a lease guards the id, by {@link #claimFenced}, which holds one of
 * the {@code locks/NN.lock} files while it checks the lease and appends.
 */
public final class PersistenceHistory {
  public static final int MAGIC = 0x49535448;
  public static final short VERSION = 1;
  static final ChecksummedFile.Kind KIND = ChecksummedFile.Kind.of("history file", MAGIC, VERSION);
  static final int OFFSET_ID_LENGTH = 6;
  static final int OFFSET_ID = 8;
  private static final String SUFFIX = ".hist";

  /** Folder inside the histories folder holding the lock files of fenced claims. */
  public static final String LOCKS_DIR = "locks";

  /** How many lock files fenced claims share, chosen by the hash of the persistence id. */
  static final int LOCK_STRIPES = 64;

  /**
   * How long a fenced claim waits for its lock: far longer than any healthy claim holds it (a read,
   * an append and a force of a small file), short enough that a write waiting behind a paused
   * process fails and is retried instead of hanging.
   */
  static final java.time.Duration CLAIM_LOCK_TIMEOUT = java.time.Duration.ofSeconds(10);

  /** One owner of an id's history: events from {@code fromSequenceNr} on live in {@code logId}. */
  public record Owner(String logId, long fromSequenceNr) {}

  private final Path dir;

  public PersistenceHistory(Path dir) {
    this.dir = Durable.ensureDirectory(dir);
  }

  /** The owners of the id in claim order; empty when no log has claimed it. */
  public List<Owner> owners(String persistenceId) {
    var file = fileOf(persistenceId);
    if (!Files.exists(file)) {
      return List.of();
    }
    return read(file, persistenceId).owners;
  }

  /**
   * Every id that {@code logId} ever claimed. A history file that cannot be read is passed over:
   * this serves only to find ids that damage may have cost their every frame.
   */
  public java.util.Set<String> claimedBy(String logId) {
    var ids = new java.util.HashSet<String>();
    try (var files = Files.list(dir)) {
      for (var file : (Iterable<Path>) files::iterator) {
        idOf(file)
            .filter(
                id -> {
                  try {
                    return read(file, id).owners.stream().anyMatch(o -> o.logId().equals(logId));
                  } catch (RuntimeException e) {
                    return false;
                  }
                })
            .ifPresent(ids::add);
      }
    } catch (IOException e) {
      throw new JournalIoException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    return ids;
  }

  /**
   * Every id some log of the data directory has written, in name order. A history file whose header
   * cannot be read is passed over.
   */
  public java.util.SortedSet<String> ids() {
    var ids = new java.util.TreeSet<String>();
    if (!Files.isDirectory(dir)) {
      return ids;
    }
    try (var files = Files.list(dir)) {
      for (var file : (Iterable<Path>) files::iterator) {
        idOf(file).ifPresent(ids::add);
      }
    } catch (IOException e) {
      throw new JournalIoException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    return ids;
  }

  /** The id in a history file's header, when the header can be read. */
  private static java.util.Optional<String> idOf(Path file) {
    if (!file.getFileName().toString().endsWith(SUFFIX)) {
      return java.util.Optional.empty();
    }
    try {
      var b = ByteBuffer.wrap(Files.readAllBytes(file));
      if (b.remaining() < 8 || b.getInt(0) != MAGIC) {
        return java.util.Optional.empty();
      }
      int length = Short.toUnsignedInt(b.getShort(6));
      if (b.remaining() < 8 + length) {
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(new String(b.array(), 8, length, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  /** Makes {@code logId} the owner of the id from {@code fromSeq} on, unless it already is. */
  public synchronized void claim(String persistenceId, String logId, long fromSeq) {
    claimUnlocked(persistenceId, logId, fromSeq, () -> {});
  }

  /**
   * Makes {@code logId} the owner of the id from {@code fromSeq} on, unless it already is, for a
   * writer whose right to write is fenced by a lease: {@code mayClaim} runs right before the claim
   * is written, while every other fenced claim of the id, by any process, waits; it throws to
   * refuse.
   *
   * <p>So claims land in the file in the order their writers held the lease: a node that checked
   * its lease and then paused cannot append its claim after the claim of a node that took the lease
   * over meanwhile (that one waits for the lock, and appends after), which would otherwise hand the
   * new owner's later events to the stale one. A claim that waits longer than {@link
   * #CLAIM_LOCK_TIMEOUT} (another process holds the lock and is paused) fails with {@link
   * JournalIoException}; the write that needed it fails, and its actor tries again.
   */
  public void claimFenced(String persistenceId, String logId, long fromSeq, Runnable mayClaim) {
    var lockFile = Durable.ensureDirectory(dir.resolve(LOCKS_DIR)).resolve(lockName(persistenceId));
    FileMutex.run(
        lockFile,
        CLAIM_LOCK_TIMEOUT,
        () -> {
          claimUnlocked(persistenceId, logId, fromSeq, mayClaim);
          return null;
        });
  }

  /** The lock file that fenced claims of the id hold: one of {@link #LOCK_STRIPES}. */
  static String lockName(String persistenceId) {
    return String.format("%02d.lock", Math.floorMod(persistenceId.hashCode(), LOCK_STRIPES));
  }

  private void claimUnlocked(String persistenceId, String logId, long fromSeq, Runnable mayClaim) {
    var file = fileOf(persistenceId);
    var parsed = Files.exists(file) ? read(file, persistenceId) : null;
    boolean exists = parsed != null && parsed.validEnd > 0;
    if (parsed != null
        && !parsed.owners.isEmpty()
        && parsed.owners.get(parsed.owners.size() - 1).logId().equals(logId)) {
      return;
    }
    mayClaim.run();
    try (var channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      long end = parsed == null ? 0 : parsed.validEnd;
      channel.truncate(end);
      channel.position(end);
      var out = ByteBuffer.allocate(1024 + persistenceId.length() * 4);
      if (!exists) {
        var id = persistenceId.getBytes(StandardCharsets.UTF_8);
        out.putInt(MAGIC).putShort(VERSION).putShort((short) id.length).put(id);
      }
      var log = logId.getBytes(StandardCharsets.UTF_8);
      var body = ByteBuffer.allocate(2 + log.length + 8);
      body.putShort((short) log.length).put(log).putLong(fromSeq);
      out.putInt(body.capacity())
          .putInt(Crc.of(body.array(), 0, body.capacity()))
          .put(body.array());
      out.flip();
      while (out.hasRemaining()) {
        channel.write(out);
      }
      channel.force(true);
    } catch (IOException e) {
      throw new JournalIoException("cannot record owner of '" + persistenceId + "' in " + file, e);
    }
    if (!exists) {
      Durable.forceDirectory(dir);
    }
  }

  private record Parsed(List<Owner> owners, long validEnd) {}

  private static Parsed read(Path file, String persistenceId) {
    ByteBuffer b;
    try {
      b = ByteBuffer.wrap(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new JournalIoException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (isUnfinishedHeader(b, persistenceId)) {
      // A crash between creating the file and writing its header: no claim was ever made.
      return new Parsed(List.of(), 0);
    }
    ChecksummedFile.checkHeader(file, KIND, b);
    int idLength = b.limit() < OFFSET_ID ? 0 : Short.toUnsignedInt(b.getShort(OFFSET_ID_LENGTH));
    if (OFFSET_ID + idLength > b.limit()) {
      throw new CorruptLogException(file, 6, persistenceId, "history header cut short");
    }
    var owners = new ArrayList<Owner>();
    int at = OFFSET_ID + idLength;
    while (b.limit() - at >= 8) {
      int length = b.getInt(at);
      if (length < 10 || length > 1024) {
        if (zerosFrom(b, at)) {
          break; // torn last claim: space allocated but never written
        }
        // A torn write leaves a true length; an impossible one is damage, and treating it as
        // torn would let the next claim overwrite every later record.
        throw new CorruptLogException(
            file, at, persistenceId, "impossible history record length " + length);
      }
      if (at + 8 + length > b.limit()) {
        break; // torn last claim: the file ends inside it
      }
      int stored = b.getInt(at + 4);
      int computed = Crc.of(b.array(), at + 8, length);
      if (stored != computed && at + 8 + length == b.limit()) {
        break; // torn last claim
      }
      ChecksummedFile.checkCrc(file, at, persistenceId, "history record", stored, computed);
      int logLength = Short.toUnsignedInt(b.getShort(at + 8));
      var log = new String(b.array(), at + 10, logLength, StandardCharsets.UTF_8);
      owners.add(new Owner(log, b.getLong(at + 10 + logLength)));
      at += 8 + length;
    }
    return new Parsed(List.copyOf(owners), at);
  }

  /** Shorter than its header, and all zeros or a prefix of the header it should have. */
  private static boolean isUnfinishedHeader(ByteBuffer b, String persistenceId) {
    var id = persistenceId.getBytes(StandardCharsets.UTF_8);
    var expected = ByteBuffer.allocate(8 + id.length);
    expected.putInt(MAGIC).putShort(VERSION).putShort((short) id.length).put(id);
    if (b.limit() >= expected.capacity()) {
      return false;
    }
    boolean zeros = true;
    boolean prefix = true;
    for (int i = 0; i < b.limit(); i++) {
      zeros &= b.get(i) == 0;
      prefix &= b.get(i) == expected.get(i);
    }
    return zeros || prefix;
  }

  private static boolean zerosFrom(ByteBuffer b, int from) {
    for (int i = from; i < b.limit(); i++) {
      if (b.get(i) != 0) {
        return false;
      }
    }
    return true;
  }

  private Path fileOf(String persistenceId) {
    return dir.resolve(fileName(persistenceId) + SUFFIX);
  }

  /**
   * A file-system-safe name for an id: letters, digits, '.', '_' and '-' kept, every other byte of
   * its UTF-8 form written as %XX; long names are shortened and made unique with a SHA-256 suffix.
   */
  public static String fileName(String persistenceId) {
    var sb = new StringBuilder();
    for (byte b : persistenceId.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '.' && sb.length() > 0
          || c == '_'
          || c == '-') {
        sb.append(c);
      } else {
        sb.append('%').append(String.format("%02X", b & 0xFF));
      }
    }
    if (sb.length() <= 180) {
      return sb.toString();
    }
    try {
      var digest =
          MessageDigest.getInstance("SHA-256")
              .digest(persistenceId.getBytes(StandardCharsets.UTF_8));
      return sb.substring(0, 100) + "~" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA-256 is always available", e);
    }
  }
}
