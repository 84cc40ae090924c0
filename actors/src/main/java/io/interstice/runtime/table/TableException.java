package io.interstice.runtime.table;

/**
 * The root of the table store's failures: an unknown table or index, a lookup that the index kind
 * cannot answer, an exhausted auto-increment key, or a logged change that does not fit the current
 * state. The message names the table and the facts (index, key values).
 */
public class TableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TableException(String message) {
    super(message);
  }

  public TableException(String message, Throwable cause) {
    super(message, cause);
  }
}
