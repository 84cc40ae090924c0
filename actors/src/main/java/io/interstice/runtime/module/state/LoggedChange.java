package io.interstice.runtime.module.state;

import io.interstice.runtime.module.code.LogCode;
import java.util.Objects;

/**
 * One row change of a committed transaction as it is logged: the table's name and the rows in the
 * canonical row encoding ({@link io.interstice.sdk.codec.RowCodec}) of the table's schema at that
 * point of the log. {@code oldRow} is set for updates only. Byte arrays are owned by the change and
 * never mutated.
 */
public record LoggedChange(Kind kind, String table, byte[] row, byte[] oldRow) {

  /** What happened to the row. The codes are part of the event format. */
  public enum Kind implements LogCode {
    INSERT(1),
    UPDATE(2),
    DELETE(3);

    private final int code;

    Kind(int code) {
      this.code = code;
    }

    @Override
    public int code() {
      return code;
    }
  }

  public LoggedChange {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(row, "row");
    if ((kind == Kind.UPDATE) != (oldRow != null)) {
      throw new IllegalArgumentException("an old row is logged for updates only, found " + kind);
    }
  }

  public static LoggedChange insert(String table, byte[] row) {
    return new LoggedChange(Kind.INSERT, table, row, null);
  }

  public static LoggedChange update(String table, byte[] oldRow, byte[] newRow) {
    return new LoggedChange(Kind.UPDATE, table, newRow, oldRow);
  }

  public static LoggedChange delete(String table, byte[] row) {
    return new LoggedChange(Kind.DELETE, table, row, null);
  }

  /** The change that undoes this one. */
  public LoggedChange inverse() {
    switch (kind) {
      case INSERT:
        return delete(table, row);
      case UPDATE:
        return update(table, row, oldRow);
      default:
        return insert(table, row);
    }
  }
}
