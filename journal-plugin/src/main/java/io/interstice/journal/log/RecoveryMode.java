package io.interstice.journal.log;

import java.util.Locale;

/**
 * What opening or reading a log does with damage that is not a torn final frame. A torn final frame
 * (a write that never completed, so was never acknowledged) is always truncated.
 */
public enum RecoveryMode {
  /**
   * Default. Damage stops recovery of the affected persistence ids with an error naming file,
   * offset and id; nothing is changed on disk. The operator repairs with {@code log repair}.
   */
  STRICT,
  /**
   * Cut the damaged segment at the first bad frame and drop every later segment: the log is kept as
   * the prefix before the damage. Loses whatever followed, loudly.
   */
  TRUNCATE_AFTER_CORRUPTION,
  /** Skip damaged frames (resynchronising on the next valid frame) and keep the rest, loudly. */
  SKIP_CORRUPTED;

  /** Parses the configuration spelling ({@code strict}, {@code truncate-after-corruption}, …). */
  public static RecoveryMode parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown recovery mode '"
              + value
              + "': expected strict, truncate-after-corruption or skip-corrupted",
          e);
    }
  }
}
