package io.interstice.runtime.table;

import io.interstice.runtime.ErrorKind;

/**
 * A write that would break a table constraint: a primary key or unique index value already taken by
 * another row, or an update of a row that does not exist. The table is left exactly as it was
 * before the write; the message names the table, the constraint and the values, for example {@code
 * accounts: primary key id = 5 is already taken}.
 */
public class ConstraintViolationException extends TableException {
  private static final long serialVersionUID = 1L;

  public ConstraintViolationException(String message) {
    super(ErrorKind.CONSTRAINT_VIOLATION, message);
  }
}
