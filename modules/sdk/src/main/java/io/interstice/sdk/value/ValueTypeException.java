package io.interstice.sdk.value;

import io.interstice.sdk.SdkException;

/**
 * A value does not match its type. The message reads {@code <path>: expected <type>, found
 * <value>}, where the path names where the value sits ({@code accounts.balance}, {@code
 * transfer.args[1]}, {@code argument 2 (amount)}), for example {@code accounts.balance: expected
 * i64, found String "12"}.
 */
public class ValueTypeException extends SdkException {
  private static final long serialVersionUID = 1L;

  private final String path;
  private final String expected;
  private final String found;

  public ValueTypeException(String path, String expected, String found) {
    super(describe(path, expected, found));
    this.path = path;
    this.expected = expected;
    this.found = found;
  }

  private static String describe(String path, String expected, String found) {
    var where = path.isEmpty() ? "" : path + ": ";
    return where + "expected " + expected + ", found " + found;
  }

  /**
   * The same failure seen from one level up: {@code parent} is prepended to the path ({@code
   * "accounts"} and {@code "balance"} give {@code accounts.balance}; {@code "tags"} and {@code
   * "[2]"} give {@code tags[2]}).
   */
  public ValueTypeException under(String parent) {
    String joined = ValuePath.join(parent, path);
    var moved = new ValueTypeException(joined, expected, found);
    moved.setStackTrace(getStackTrace());
    return moved;
  }

  /** Where the value sits; empty for a top-level value. */
  public String path() {
    return path;
  }

  public String expected() {
    return expected;
  }

  public String found() {
    return found;
  }
}
