package io.interstice.journal.log;

import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Owns the naming of files in a log directory. A segment is named by its base position (the log
 * position of its first byte) zero-padded to 20 digits, so {@code ls} sorts segments in log order:
 * {@code 00000000000000000000.log}; its sidecar index has the same stem and {@code .idx}.
 */
public final class SegmentNames {
  /** Extension of segment files. */
  public static final String SEGMENT_SUFFIX = ".log";

  /** Extension of sidecar index files written when a segment is sealed. */
  public static final String SIDECAR_SUFFIX = ".idx";

  /** Name of the lock file that records the current writer of a log directory. */
  public static final String LOCK_FILE = "LOCK";

  /** Name of the file that records deletions ({@code deleteMessagesTo}) per persistence id. */
  public static final String DELETIONS_FILE = "deletions.dat";

  /** Name of the file that records how far the log's frames were forced (the commit mark). */
  public static final String COMMIT_FILE = "commit.dat";

  /** Suffix of temporary files; leftovers from a crash are removed when the log opens. */
  public static final String TEMP_SUFFIX = ".tmp";

  private static final Pattern SEGMENT = Pattern.compile("\\d{20}\\.log");
  private static final Pattern LOG_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern SIDECAR = Pattern.compile("\\d{20}\\.idx");

  private SegmentNames() {}

  /**
   * Checks that {@code logId} can name a log directory: 1-64 characters of A-Z a-z 0-9 . _ -.
   *
   * @return the log id
   * @throws IllegalArgumentException naming the log id otherwise
   */
  public static String checkLogId(String logId) {
    if (logId == null || !LOG_ID.matcher(logId).matches()) {
      throw new IllegalArgumentException(
          "log id '" + logId + "' must be 1-64 characters of A-Z a-z 0-9 . _ -");
    }
    return logId;
  }

  public static String segmentFileName(long basePosition) {
    return String.format("%020d%s", basePosition, SEGMENT_SUFFIX);
  }

  public static String sidecarFileName(long basePosition) {
    return String.format("%020d%s", basePosition, SIDECAR_SUFFIX);
  }

  public static Path segment(Path logDir, long basePosition) {
    return logDir.resolve(segmentFileName(basePosition));
  }

  public static Path sidecar(Path logDir, long basePosition) {
    return logDir.resolve(sidecarFileName(basePosition));
  }

  /** The base position of a segment file name, or empty when the name is not a segment's. */
  public static OptionalLong segmentBase(String fileName) {
    return SEGMENT.matcher(fileName).matches()
        ? OptionalLong.of(Long.parseLong(fileName.substring(0, 20)))
        : OptionalLong.empty();
  }

  /** The base position of a sidecar file name, or empty when the name is not a sidecar's. */
  public static OptionalLong sidecarBase(String fileName) {
    return isSidecar(fileName)
        ? OptionalLong.of(Long.parseLong(fileName.substring(0, 20)))
        : OptionalLong.empty();
  }

  public static boolean isSidecar(String fileName) {
    return SIDECAR.matcher(fileName).matches();
  }

  /** True for every name a log directory may legitimately contain. */
  public static boolean isKnown(String fileName) {
    return SEGMENT.matcher(fileName).matches()
        || isSidecar(fileName)
        || fileName.equals(LOCK_FILE)
        || fileName.equals(DELETIONS_FILE)
        || fileName.equals(COMMIT_FILE)
        || fileName.endsWith(TEMP_SUFFIX);
  }
}
