package io.interstice.runtime;

/**
 * A deploy, reducer call or query was refused or failed; nothing changed. {@link #kind()} says why,
 * the message gives the details (for a reducer's own refusal, its message as thrown).
 */
public class CallFailedException extends IntersticeException {
  private static final long serialVersionUID = 1L;

  public CallFailedException(ErrorKind kind, String message) {
    super(kind, message);
  }
}
