package io.interstice.cli;

/**
 * Exit codes of every command. {@link ErrorHandler} is the one place that maps a failure to its
 * code.
 */
public final class ExitCodes {
  /** Success. */
  public static final int OK = 0;

  /** The command ran and found a problem (e.g. {@code log verify} found damage). */
  public static final int FOUND_PROBLEMS = 1;

  /**
   * The node answered and refused the request: a reducer refused the call (its message is printed),
   * a write broke a key, no such module, reducer, query or table, bad arguments, a deploy refused,
   * a wrong token. Shares its number with {@link #FOUND_PROBLEMS}: both say the command worked and
   * the answer was no.
   */
  public static final int REFUSED = 1;

  /** Bad usage: unknown option, missing argument (picocli's own code). */
  public static final int USAGE = 2;

  /**
   * The command failed: unreadable files, corrupt data it cannot work around, a locked log; a
   * module whose code failed, a defect of the node, an answer the client cannot read.
   */
  public static final int FAILED = 3;

  /**
   * No node answered: nothing listens at the URL, the connection was lost, no answer in time, or
   * the node is stopping (503). A reducer call that ends so may still have committed; calling it
   * again with the same {@code --key} runs it at most once.
   */
  public static final int UNREACHABLE = 4;

  /**
   * {@code replay-check} only: the log is damaged (a checksum failed), so the module's history
   * cannot be trusted until it is repaired.
   */
  public static final int DAMAGED = 5;

  private ExitCodes() {}
}
