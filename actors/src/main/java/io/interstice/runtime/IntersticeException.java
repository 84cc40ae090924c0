package io.interstice.runtime;

/** Root of the runtime's unchecked exceptions. */
public class IntersticeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IntersticeException(String message) {
    super(message);
  }

  public IntersticeException(String message, Throwable cause) {
    super(message, cause);
  }
}
