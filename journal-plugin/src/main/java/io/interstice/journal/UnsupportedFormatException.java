package io.interstice.journal;

/**
 * A file carries our magic but a format version this build does not read, or is not one of our
 * files at all (foreign magic, unexpected file name in a log directory).
 */
public class UnsupportedFormatException extends JournalException {
  private static final long serialVersionUID = 1L;

  public UnsupportedFormatException(String message) {
    super(message);
  }
}
