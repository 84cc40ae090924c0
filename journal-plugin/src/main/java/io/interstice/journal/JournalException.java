package io.interstice.journal;

/**
 * Root of every failure raised by the journal layer. Subclasses name the failure category; the
 * message carries the facts (file, offset, persistence id, expected versus found).
 */
public class JournalException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JournalException(String message) {
    super(message);
  }

  public JournalException(String message, Throwable cause) {
    super(message, cause);
  }
}
