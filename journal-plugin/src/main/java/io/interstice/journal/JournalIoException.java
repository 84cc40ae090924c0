package io.interstice.journal;

/** An operating-system I/O failure while reading or writing the log or snapshots. */
public class JournalIoException extends JournalException {
  private static final long serialVersionUID = 1L;

  public JournalIoException(String message, Throwable cause) {
    super(message, cause);
  }

  public JournalIoException(String message) {
    super(message);
  }
}
