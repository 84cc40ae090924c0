package io.interstice.sdk.schema;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link SchemaCompatibility#compare} found between the deployed schema of a module and the
 * schema of a new version: every change, in the order found (module, tables in schema order,
 * reducers, queries, subscriptions), and the new version's upgrade reducer, if it has one.
 * Immutable.
 *
 * <p>An upgrade is {@linkplain #accepted() accepted} when it is {@linkplain #compatible()
 * compatible}, or when it is {@linkplain #allowedWithMigration() allowed with a migration} and the
 * new version has an upgrade reducer.
 *
 * @param module the module name of the deployed schema
 * @param upgradeReducer the name of the new version's {@link Lifecycle#UPGRADE} reducer
 */
public record CompatibilityReport(
    String module,
    int fromVersion,
    int toVersion,
    List<SchemaChange> changes,
    Optional<String> upgradeReducer) {

  public CompatibilityReport {
    Objects.requireNonNull(module, "module");
    changes = List.copyOf(changes);
    Objects.requireNonNull(upgradeReducer, "upgradeReducer");
  }

  /** Whether the new version keeps every row as it is: no change is breaking. */
  public boolean compatible() {
    return changes.stream().noneMatch(SchemaChange::breaking);
  }

  /** Whether an upgrade reducer makes the upgrade acceptable: no change is refused outright. */
  public boolean allowedWithMigration() {
    return changes.stream().noneMatch(change -> change.severity() == SchemaChange.Severity.REFUSED);
  }

  /** Whether the new version may be deployed over the deployed one. */
  public boolean accepted() {
    return compatible() || (allowedWithMigration() && upgradeReducer.isPresent());
  }

  /** The changes that need an upgrade reducer or are refused outright. */
  public List<SchemaChange> breaking() {
    return changes.stream().filter(SchemaChange::breaking).toList();
  }

  /** The changes that keep the data but may break callers. */
  public List<SchemaChange> notes() {
    return changes.stream()
        .filter(change -> change.severity() == SchemaChange.Severity.NOTE)
        .toList();
  }

  /**
   * The verdict and every change, the most severe first, one per line:
   *
   * <pre>
   * upgrade of module bank from version 1 to 2: refused, 1 change needs an upgrade reducer
   *   needs migration: table accounts: column balance changed type from i64 to string
   *   note: reducer close_account removed
   *   info: table loans added
   * </pre>
   */
  @Override
  public String toString() {
    var text = new StringBuilder();
    text.append("upgrade of module ")
        .append(module)
        .append(" from version ")
        .append(fromVersion)
        .append(" to ")
        .append(toVersion)
        .append(": ")
        .append(verdict());
    changes.stream()
        .sorted(Comparator.comparing(SchemaChange::severity).reversed())
        .forEach(change -> text.append("\n  ").append(change));
    return text.toString();
  }

  private String verdict() {
    if (compatible()) {
      return changes.isEmpty() ? "compatible, no changes" : "compatible";
    }
    if (!allowedWithMigration()) {
      long refused =
          changes.stream()
              .filter(change -> change.severity() == SchemaChange.Severity.REFUSED)
              .count();
      return "refused, "
          + count(refused, "is", "are")
          + " not possible even with an upgrade reducer";
    }
    if (upgradeReducer.isPresent()) {
      return "accepted with upgrade reducer " + upgradeReducer.get();
    }
    return "refused, " + count(breaking().size(), "needs", "need") + " an upgrade reducer";
  }

  private static String count(long changes, String singularVerb, String pluralVerb) {
    return changes == 1 ? "1 change " + singularVerb : changes + " changes " + pluralVerb;
  }
}
