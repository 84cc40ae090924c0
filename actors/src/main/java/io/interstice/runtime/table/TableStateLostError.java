package io.interstice.runtime.table;

/**
 * A write to a table stopped half way for a reason no undo can repair (the thread ran out of stack
 * inside the table's code): the tables in memory can no longer be trusted. Deliberately an {@link
 * Error} that the transaction runner does not catch, so that the module's actor stops and its
 * tables are rebuilt from the log.
 */
public final class TableStateLostError extends Error {
  private static final long serialVersionUID = 1L;

  private final String table;

  public TableStateLostError(String table, Throwable cause) {
    super(null, cause);
    this.table = table;
  }

  @Override
  public String getMessage() {
    return "the thread ran out of stack while writing table "
        + table
        + "; the module's tables are rebuilt from its log";
  }
}
