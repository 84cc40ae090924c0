package io.interstice.runtime;

import io.interstice.sdk.ReducerException;

/**
 * Root of the runtime's unchecked exceptions. Each carries the {@link ErrorKind} its failure is
 * answered with, so that the module actor's replies, the node's API and the command line map a
 * failure to what a caller sees in one place: {@link #kindOf}.
 */
public class IntersticeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorKind kind;

  public IntersticeException(ErrorKind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public IntersticeException(ErrorKind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /** What a caller is told went wrong. */
  public ErrorKind kind() {
    return kind;
  }

  /**
   * The kind any failure of a deploy, call or query is answered with: ours carry their own; a
   * reducer's refusal ({@link ReducerException}) is {@link ErrorKind#REDUCER_FAILED}, unless it
   * wraps one of ours (a Java reducer's table write that broke a constraint); anything else the
   * module's code ran into is {@link ErrorKind#MODULE_FAILED}.
   */
  public static ErrorKind kindOf(Throwable failure) {
    if (failure instanceof IntersticeException ours) {
      return ours.kind();
    }
    if (failure instanceof ReducerException) {
      return failure.getCause() instanceof IntersticeException ours
          ? ours.kind()
          : ErrorKind.REDUCER_FAILED;
    }
    return ErrorKind.MODULE_FAILED;
  }
}
