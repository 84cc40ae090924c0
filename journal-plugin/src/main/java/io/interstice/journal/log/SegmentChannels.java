package io.interstice.journal.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * How a log's writer opens the segment files it appends to: the seam through which tests inject I/O
 * faults (a force or write that fails, a short write) into real files. Production code never sets
 * it; {@link #standard()} opens plain file channels.
 *
 * <p>Two ways in: {@link NodeLog.Builder#channels} for a log a test opens itself, and {@link
 * #substitute} for the logs a running journal opens under a directory (a node's data directory),
 * which the test cannot reach otherwise.
 *
 * <p>Implementations must be thread-safe: a log may open channels from its writer thread while
 * another log opens its own.
 */
@FunctionalInterface
public interface SegmentChannels {
  /** Opens {@code segment} with {@code options} ({@code WRITE}, plus {@code CREATE_NEW}). */
  FileChannel open(Path segment, Set<? extends OpenOption> options) throws IOException;

  /**
   * Plain file channels, except for segments under a directory a test gave a {@link #substitute}
   * for.
   */
  static SegmentChannels standard() {
    return ChannelSubstitutes::open;
  }

  /**
   * For tests only: every log under {@code directory} opened with the standard channels from now on
   * opens its segments through {@code channels} instead, until the returned handle is closed. A
   * substitute for a directory replaces an earlier one for the same directory.
   */
  static AutoCloseable substitute(Path directory, SegmentChannels channels) {
    Objects.requireNonNull(channels, "channels");
    return ChannelSubstitutes.install(directory, channels);
  }
}
