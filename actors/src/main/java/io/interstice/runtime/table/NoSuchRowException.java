package io.interstice.runtime.table;

/**
 * An update named a primary key that has no row. A constraint violation like any other for
 * reducers; the WASM host tells it apart to answer "no such row" rather than "taken".
 */
public final class NoSuchRowException extends ConstraintViolationException {
  private static final long serialVersionUID = 1L;

  public NoSuchRowException(String message) {
    super(message);
  }
}
