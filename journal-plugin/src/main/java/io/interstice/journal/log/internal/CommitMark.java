package io.interstice.journal.log.internal;

import io.interstice.journal.CorruptLogException;
import io.interstice.journal.JournalIoException;
import io.interstice.journal.UnsupportedFormatException;
import io.interstice.journal.log.SegmentNames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code commit.dat}: how far the log is known to hold acknowledged frames. Without it, a truncated
 * or zeroed tail of the active segment, or the whole active segment deleted, would look exactly
 * like a log that simply ends there; with it, opening the log finds that acknowledged bytes are
 * missing and treats it as damage whose owners are unknown.
 *
 * <p>The writer rewrites it in place after every force, with the position just forced. It is not
 * forced itself: it is only evidence, written after the data it describes, so after any crash it
 * never claims more than the segments durably hold (a process crash leaves it current in the page
 * cache; after a power loss it may be older, which only narrows what can be checked). Rolling,
 * repair and truncation rewrite it durably. A damaged or missing mark is ignored with a warning: on
 * its own it loses nothing. Big-endian.
 *
 * <pre>
 * offset  width  field
 * 0       4      magic "ISTC" (0x49535443)
 * 4       2      format version (1)
 * 6       2      reserved, 0
 * 8       8      base position of the segment the mark is in
 * 16      8      log position up to which frames were forced
 * 24      4      CRC32C over bytes 0..23
 * </pre>
 *
 * (the layout of every {@link ChecksummedFile}, which reads and writes it)
 *
 * <p>Thread-safety: an open mark is confined to the log's writer thread; the static helpers are for
 * opening and offline tools, while no writer runs.
 */
public final class CommitMark implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CommitMark.class);
  static final int MAGIC = 0x49535443;
  static final short VERSION = 1;
  static final int OFFSET_BASE = 8;
  static final int OFFSET_END = 16;
  static final int OFFSET_CRC = 24;
  static final int LENGTH = 28;
  static final ChecksummedFile.Kind KIND = ChecksummedFile.Kind.of("commit mark", MAGIC, VERSION);

  /** A decoded mark: frames up to log position {@code end} live in segment {@code base}. */
  record Mark(long base, long end) {}

  private final FileChannel channel;

  private CommitMark(FileChannel channel) {
    this.channel = channel;
  }

  /** Opens the mark of {@code logDir} for rewriting in place (the writer's). */
  static CommitMark open(Path logDir) {
    var file = logDir.resolve(SegmentNames.COMMIT_FILE);
    try {
      return new CommitMark(
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE));
    } catch (IOException e) {
      throw new JournalIoException("cannot open " + file + ": " + e.getMessage(), e);
    }
  }

  /** Records that frames up to {@code end} of segment {@code base} are forced. */
  void update(long base, long end) throws IOException {
    var buffer = ByteBuffer.wrap(encode(base, end));
    while (buffer.hasRemaining()) {
      channel.write(buffer, buffer.position());
    }
  }

  private static byte[] encode(long base, long end) {
    return ChecksummedFile.encode(
        KIND,
        out -> {
          out.writeLong(base);
          out.writeLong(end);
        });
  }

  /** Writes the mark durably (after a repair or a cut); for use while no writer runs. */
  public static void writeDurably(Path logDir, long base, long end) {
    Durable.writeAtomically(logDir.resolve(SegmentNames.COMMIT_FILE), encode(base, end));
  }

  /** The mark of {@code logDir}; empty when there is none or it is damaged (warned about). */
  static Optional<Mark> read(Path logDir) {
    var file = logDir.resolve(SegmentNames.COMMIT_FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    String problem;
    try {
      var body = ChecksummedFile.read(file, KIND);
      if (body.remaining() == LENGTH - ChecksummedFile.MIN_LENGTH) {
        return Optional.of(new Mark(body.getLong(), body.getLong()));
      }
      problem = (body.limit() + ChecksummedFile.CRC_LENGTH) + " bytes instead of " + LENGTH;
    } catch (CorruptLogException | UnsupportedFormatException e) {
      problem = e.getMessage();
    }
    LOG.warn(
        "ignoring damaged {} ({}): a lost tail of the log's last segment cannot be noticed this"
            + " time",
        file,
        problem);
    return Optional.empty();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
