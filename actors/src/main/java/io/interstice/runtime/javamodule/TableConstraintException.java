package io.interstice.runtime.javamodule;

import io.interstice.runtime.table.ConstraintViolationException;
import io.interstice.sdk.ReducerException;

/**
 * A table write of a Java reducer broke a constraint (a taken primary key or unique value, an
 * update of a missing row). It is a {@link ReducerException}, as the SDK promises, so a reducer can
 * catch it; uncaught it aborts the transaction and the caller sees a constraint violation.
 */
public final class TableConstraintException extends ReducerException {
  private static final long serialVersionUID = 1L;

  public TableConstraintException(ConstraintViolationException cause) {
    super(cause.getMessage(), cause);
  }
}
