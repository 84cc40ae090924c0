package io.interstice.sdk.schema;

import java.util.Locale;

/** The change to a row that a subscription reacts to; written in lower case in patterns. */
public enum RowEvent {
  INSERT,
  UPDATE,
  DELETE;

  /** The lower-case name used in subscription patterns: {@code insert}, … */
  public String patternName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
