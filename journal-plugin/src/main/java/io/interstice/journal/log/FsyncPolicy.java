package io.interstice.journal.log;

import java.util.Locale;

/** When appended frames are forced to the storage device, relative to acknowledging them. */
public enum FsyncPolicy {
  /** Force every batch before completing its futures: an acknowledged write survives a crash. */
  ALWAYS,
  /**
   * Complete futures as soon as the batch is in the OS page cache; a background force runs every
   * {@code fsync-interval}. A machine crash can lose up to one interval of acknowledged writes.
   */
  INTERVAL,
  /** Never force; the operating system decides. Only for tests and throw-away data. */
  NEVER;

  /** Parses the configuration spelling ({@code always}, {@code interval}, {@code never}). */
  public static FsyncPolicy parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown fsync mode '" + value + "': expected always, interval or never", e);
    }
  }
}
