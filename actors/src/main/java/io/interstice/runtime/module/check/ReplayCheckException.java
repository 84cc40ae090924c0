package io.interstice.runtime.module.check;

/**
 * A module's history cannot be checked: an event cannot be applied to the state rebuilt so far (a
 * log repaired around lost transactions, a transaction before any deploy), or the code it names
 * cannot be loaded. Not a divergence: the log itself, or the code at hand, is the problem.
 */
public final class ReplayCheckException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ReplayCheckException(String message) {
    super(message);
  }

  public ReplayCheckException(String message, Throwable cause) {
    super(message, cause);
  }
}
