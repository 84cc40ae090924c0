package io.interstice.runtime.table;

import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.IntersticeException;

/**
 * The root of the table store's failures: an unknown table or index, a lookup that the index kind
 * cannot answer, an exhausted auto-increment key, or a logged change that does not fit the current
 * state. The message names the table and the facts (index, key values). Answered as {@link
 * ErrorKind#MODULE_FAILED}: the module's code asked for it; constraint violations have their own
 * kind.
 */
public class TableException extends IntersticeException {
  private static final long serialVersionUID = 1L;

  public TableException(String message) {
    super(ErrorKind.MODULE_FAILED, message);
  }

  public TableException(String message, Throwable cause) {
    super(ErrorKind.MODULE_FAILED, message, cause);
  }

  /** A failure answered as {@code kind}. */
  protected TableException(ErrorKind kind, String message) {
    super(kind, message);
  }
}
