package io.interstice.runtime.cluster;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Carries a message too large for one frame of the remote transport (Artery refuses a frame over
 * {@code pekko.remote.artery.advanced.maximum-frame-size}, 256 KiB by default, and the message is
 * lost): its bytes go to a file in {@code <data dir>/transfers/}, which every node of a cluster
 * shares, and the frame carries the file's name, length and SHA-256. The receiving node reads the
 * file, checks length and hash, and deletes it. A WebAssembly deploy sent through another node, a
 * large page of rows, query result or live update then arrive whole, at the cost of a file write
 * and read for that message alone.
 *
 * <p>A message is spilled when its serialized bytes exceed the frame size less {@value #HEADROOM}
 * bytes for the transport's envelope (recipient and sender paths, manifest). A file whose message
 * was never read (its receiver died, or the transport dropped the frame) is deleted by the next
 * node that spills a message after it is {@link #MAX_AGE} old; an answer is awaited for seconds,
 * never for that long.
 *
 * <p>Thread-safe: files have unique names and the sweep is idempotent.
 */
final class LargeMessages {
  /** First byte of a payload carried whole in the frame: the serializer's format version. */
  static final int INLINE = ClusterMessageSerializer.VERSION;

  /** First byte of a payload carried by a file: then text name, i64 length, bytes SHA-256. */
  static final int BY_FILE = 2;

  /** Bytes of a frame kept for the transport's own header. */
  static final int HEADROOM = 16 * 1024;

  /** Age after which an unread file is deleted by the next spill. */
  static final Duration MAX_AGE = Duration.ofHours(1);

  private static final Pattern NAME = Pattern.compile("[0-9a-f-]{36}\\.msg");
  private static final long SWEEP_EVERY_MILLIS = Duration.ofMinutes(10).toMillis();

  private final Path dir;
  private final int threshold;
  private final AtomicLong lastSweep = new AtomicLong();

  LargeMessages(Path dir, int threshold) {
    this.dir = dir;
    this.threshold = threshold;
  }

  /** The node's: under {@code interstice.journal.dir}, sized by Artery's frame size. */
  static LargeMessages fromConfig(Config config) {
    long frame = config.getBytes("pekko.remote.artery.advanced.maximum-frame-size");
    int threshold = (int) Math.max(HEADROOM, Math.min(Integer.MAX_VALUE, frame - HEADROOM));
    return new LargeMessages(
        Path.of(config.getString("interstice.journal.dir")).resolve("transfers"), threshold);
  }

  /** The largest payload carried in the frame itself. */
  int threshold() {
    return threshold;
  }

  /** The directory of the files. */
  Path dir() {
    return dir;
  }

  /**
   * {@code payload} itself when it fits a frame; otherwise written to a new file, and what the
   * frame carries instead.
   */
  byte[] carry(byte[] payload, String manifest) {
    if (payload.length <= threshold) {
      return payload;
    }
    var name = UUID.randomUUID() + ".msg";
    try {
      Files.createDirectories(dir);
      try (var channel =
          FileChannel.open(
              dir.resolve(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        var buffer = ByteBuffer.wrap(payload);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the " + payload.length + "-byte " + manifest + " message to " + dir, e);
    }
    sweepNow(false);
    return new WireWriter(null)
        .u8(BY_FILE)
        .text(name)
        .i64(payload.length)
        .bytes(sha256(payload))
        .toByteArray();
  }

  /**
   * The payload a {@link #BY_FILE} frame names, read from its file and checked; the file is
   * deleted. {@code in} is positioned after the first byte.
   */
  byte[] fetch(WireReader in, String manifest) throws NotSerializableException {
    var name = in.text();
    long length = in.i64();
    var hash = in.bytes();
    in.requireEnd("the " + manifest + " message's file reference");
    if (!NAME.matcher(name).matches()) {
      throw new NotSerializableException(
          manifest + " names '" + name + "', which is not a message file name");
    }
    var file = dir.resolve(name);
    byte[] payload;
    try {
      payload = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new NotSerializableException(
          manifest
              + " was sent as file "
              + file
              + ", which this node does not find: every node of a cluster must use the same"
              + " data directory (a shared file system)");
    } catch (IOException e) {
      throw new NotSerializableException("cannot read " + manifest + " from " + file + ": " + e);
    }
    if (payload.length != length || !Arrays.equals(sha256(payload), hash)) {
      throw new NotSerializableException(
          manifest
              + " in "
              + file
              + " is not what was sent: "
              + payload.length
              + " bytes, "
              + length
              + " expected, or another SHA-256");
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Read and checked; the sweep deletes it later.
    }
    return payload;
  }

  /**
   * Deletes files older than {@link #MAX_AGE}: every time when {@code always}, otherwise at most
   * every ten minutes. Returns how many it deleted.
   */
  int sweepNow(boolean always) {
    long now = System.currentTimeMillis();
    long last = lastSweep.get();
    if (!always && (now - last < SWEEP_EVERY_MILLIS || !lastSweep.compareAndSet(last, now))) {
      return 0;
    }
    var cutoff = Instant.ofEpochMilli(now).minus(MAX_AGE);
    int deleted = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.msg")) {
      for (var file : files) {
        try {
          if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)
              && Files.deleteIfExists(file)) {
            deleted++;
          }
        } catch (IOException e) {
          // Deleted by another node meanwhile, or unreadable: the next sweep tries again.
        }
      }
    } catch (IOException e) {
      // No directory yet, or unreadable: nothing to sweep now.
    }
    return deleted;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
