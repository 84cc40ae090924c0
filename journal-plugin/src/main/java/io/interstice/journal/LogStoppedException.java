package io.interstice.journal;

/**
 * A log refuses every append because one of its forces failed, or a failed append could not be
 * rolled back: what the page cache holds may never reach the disk, and a later force that reports
 * success would not prove otherwise. Only reopening the log (which reads again what the file holds)
 * lets it append again; the journal plugin does that by itself before its next operation.
 */
public class LogStoppedException extends JournalIoException {
  private static final long serialVersionUID = 1L;

  public LogStoppedException(String message, Throwable cause) {
    super(message, cause);
  }
}
