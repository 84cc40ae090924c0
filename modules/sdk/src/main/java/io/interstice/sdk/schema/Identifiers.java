package io.interstice.sdk.schema;

/**
 * The naming rule for everything a schema names (modules, tables, columns, indexes, reducers,
 * queries, parameters, struct fields, enum variants): {@code [a-z][a-z0-9_]*}, at most 64
 * characters. Such names are safe in URLs, file names and every guest language.
 */
public final class Identifiers {
  public static final int MAX_LENGTH = 64;

  /** The rule as shown in error messages. */
  public static final String RULE = "[a-z][a-z0-9_]*, at most " + MAX_LENGTH + " characters";

  private Identifiers() {}

  public static boolean isIdentifier(String name) {
    // A loop rather than a regex: every call of a node checks its module's name.
    if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
      return false;
    }
    char first = name.charAt(0);
    if (first < 'a' || first > 'z') {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_')) {
        return false;
      }
    }
    return true;
  }
}
