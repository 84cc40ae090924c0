package io.interstice.sdk;

/**
 * Thrown by a reducer to abort its transaction with a message for the caller ("insufficient funds:
 * balance 40, wanted 100"). Nothing the reducer wrote happens; the caller receives the message as
 * the error of the call. Any other exception also aborts, but is reported as a failure of the
 * module rather than a refusal.
 */
public class ReducerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ReducerException(String message) {
    super(message);
  }

  public ReducerException(String message, Throwable cause) {
    super(message, cause);
  }
}
