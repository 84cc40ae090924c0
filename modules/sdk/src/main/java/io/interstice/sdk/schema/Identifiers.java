package io.interstice.sdk.schema;

import java.util.regex.Pattern;

/**
 * The naming rule for everything a schema names (modules, tables, columns, indexes, reducers,
 * queries, parameters, struct fields, enum variants): {@code [a-z][a-z0-9_]*}, at most 64
 * characters. Such names are safe in URLs, file names and every guest language.
 */
public final class Identifiers {
  public static final int MAX_LENGTH = 64;
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]*");

  /** The rule as shown in error messages. */
  public static final String RULE = "[a-z][a-z0-9_]*, at most " + MAX_LENGTH + " characters";

  private Identifiers() {}

  public static boolean isIdentifier(String name) {
    return name != null && name.length() <= MAX_LENGTH && IDENTIFIER.matcher(name).matches();
  }
}
