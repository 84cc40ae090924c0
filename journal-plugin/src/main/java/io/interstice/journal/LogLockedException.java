package io.interstice.journal;

/** Another journal (in this or another process) already appends to the log directory. */
public class LogLockedException extends JournalException {
  private static final long serialVersionUID = 1L;

  public LogLockedException(String message) {
    super(message);
  }
}
