package io.interstice.sdk.value;

/**
 * The one rule for naming where a value sits in error messages: {@code accounts.balance}, {@code
 * tags[2]}.
 */
public final class ValuePath {
  private ValuePath() {}

  /**
   * {@code path} seen from one level up: {@code "accounts"} and {@code "balance"} give {@code
   * accounts.balance}; {@code "tags"} and {@code "[2]"} give {@code tags[2]}; an empty side leaves
   * the other unchanged.
   */
  public static String join(String parent, String path) {
    if (path.isEmpty() || parent.isEmpty()) {
      return parent + path;
    }
    return path.startsWith("[") ? parent + path : parent + "." + path;
  }
}
