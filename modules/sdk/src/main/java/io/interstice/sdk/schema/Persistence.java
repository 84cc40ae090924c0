package io.interstice.sdk.schema;

/**
 * Whether a table's changes are written to the log. {@code LOGGED} rows survive crashes and moves;
 * {@code EPHEMERAL} rows live in memory only and start empty after recovery (presence, caches).
 */
public enum Persistence {
  LOGGED,
  EPHEMERAL
}
