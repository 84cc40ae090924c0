package io.interstice.sdk.schema;

import java.util.Locale;
import java.util.Objects;

/**
 * One difference between the deployed schema of a module and the schema of a new version, found by
 * {@link SchemaCompatibility#compare}: what kind of change it is, how it affects an upgrade and a
 * message naming where it is, for example {@code table accounts: column balance changed type from
 * i64 to string}.
 */
public record SchemaChange(Kind kind, Severity severity, String message) {

  /** What changed. */
  public enum Kind {
    MODULE_RENAMED,
    VERSION_NOT_INCREASED,
    MODULE_VISIBILITY_CHANGED,
    TABLE_ADDED,
    TABLE_DROPPED,
    TABLE_PERSISTENCE_CHANGED,
    TABLE_VISIBILITY_CHANGED,
    PRIMARY_KEY_CHANGED,
    AUTO_INCREMENT_CHANGED,
    COLUMN_ADDED,
    COLUMN_DROPPED,
    COLUMN_RETYPED,
    COLUMNS_REORDERED,
    COLUMN_DEFAULT_CHANGED,
    INDEX_ADDED,
    INDEX_DROPPED,
    INDEX_CHANGED,
    REDUCER_ADDED,
    REDUCER_REMOVED,
    REDUCER_PARAMS_CHANGED,
    REDUCER_VISIBILITY_CHANGED,
    REDUCER_LIFECYCLE_CHANGED,
    QUERY_ADDED,
    QUERY_REMOVED,
    QUERY_CHANGED,
    SUBSCRIPTION_ADDED,
    SUBSCRIPTION_REMOVED
  }

  /** How a change affects an upgrade, from harmless to impossible. */
  public enum Severity {
    /** Keeps every row and every caller working. */
    INFO,
    /** Keeps every row but may break callers (a public reducer or query removed or changed). */
    NOTE,
    /**
     * Loses or rewrites stored data: allowed only when the new version has an upgrade reducer
     * ({@link Lifecycle#UPGRADE}).
     */
    NEEDS_MIGRATION,
    /** Refused even with an upgrade reducer. */
    REFUSED;

    /** The lower-case label used in reports: {@code info}, {@code needs migration}, … */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
  }

  public SchemaChange {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(message, "message");
  }

  static SchemaChange info(Kind kind, String message) {
    return new SchemaChange(kind, Severity.INFO, message);
  }

  static SchemaChange note(Kind kind, String message) {
    return new SchemaChange(kind, Severity.NOTE, message);
  }

  static SchemaChange needsMigration(Kind kind, String message) {
    return new SchemaChange(kind, Severity.NEEDS_MIGRATION, message);
  }

  static SchemaChange refused(Kind kind, String message) {
    return new SchemaChange(kind, Severity.REFUSED, message);
  }

  /** Whether the change loses or rewrites stored data or is refused outright. */
  public boolean breaking() {
    return severity == Severity.NEEDS_MIGRATION || severity == Severity.REFUSED;
  }

  /** The change as one report line: {@code needs migration: table accounts: column … dropped}. */
  @Override
  public String toString() {
    return severity.label() + ": " + message;
  }
}
