package io.interstice.cli;

/** Exit codes of every command. */
public final class ExitCodes {
  /** Success. */
  public static final int OK = 0;

  /** The command ran and found a problem (e.g. {@code log verify} found damage). */
  public static final int FOUND_PROBLEMS = 1;

  /** Bad usage: unknown option, missing argument (picocli's own code). */
  public static final int USAGE = 2;

  /** The command failed: unreadable files, corrupt data it cannot work around, a locked log. */
  public static final int FAILED = 3;

  private ExitCodes() {}
}
