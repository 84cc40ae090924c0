package io.interstice.sdk.schema;

import io.interstice.sdk.schema.SchemaChange.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decides whether a new version of a module may replace the deployed one while keeping its data.
 * The rules, from harmless to impossible ({@link SchemaChange.Severity}):
 *
 * <ul>
 *   <li><b>info</b>: tables, columns at the end of a table that have a default (an option column
 *       defaults to none), indexes, reducers, queries and subscriptions added; indexes dropped or
 *       changed (indexes are rebuilt); column defaults changed; private reducers removed or
 *       changed; visibility widened; an ephemeral table made logged is noted instead, as it starts
 *       empty.
 *   <li><b>note</b>: public reducers and queries removed or given other parameters or results,
 *       visibility narrowed to private — callers may break, rows do not.
 *   <li><b>needs migration</b>: tables dropped or made ephemeral, columns dropped, retyped or
 *       reordered, columns added without a default or before an existing column, auto-increment
 *       turned on or off. Allowed only when the new version has an upgrade reducer ({@link
 *       Lifecycle#UPGRADE}).
 *   <li><b>refused</b>: another module name, a version that does not increase, a table whose
 *       primary key is another column or changes type (rows are carried over by their key).
 * </ul>
 *
 * Both schemas must be valid. Stateless apart from the changes collected by one comparison.
 */
public final class SchemaCompatibility {
  private final List<SchemaChange> changes = new ArrayList<>();

  private SchemaCompatibility() {}

  /** Every change from {@code deployed} to {@code next}, and whether the upgrade is accepted. */
  public static CompatibilityReport compare(ModuleSchema deployed, ModuleSchema next) {
    var comparison = new SchemaCompatibility();
    comparison.compareModule(deployed, next);
    comparison.compareTables(deployed, next);
    comparison.compareReducers(deployed, next);
    comparison.compareQueries(deployed, next);
    comparison.compareSubscriptions(deployed, next);
    var upgradeReducer =
        next.reducers().stream()
            .filter(reducer -> reducer.lifecycle() == Lifecycle.UPGRADE)
            .map(ReducerSchema::name)
            .findFirst();
    return new CompatibilityReport(
        deployed.name(), deployed.version(), next.version(), comparison.changes, upgradeReducer);
  }

  private void compareModule(ModuleSchema deployed, ModuleSchema next) {
    if (!deployed.name().equals(next.name())) {
      changes.add(
          SchemaChange.refused(
              Kind.MODULE_RENAMED,
              "module name changed from " + deployed.name() + " to " + next.name()));
    }
    if (next.version() <= deployed.version()) {
      changes.add(
          SchemaChange.refused(
              Kind.VERSION_NOT_INCREASED,
              "module "
                  + deployed.name()
                  + ": version must increase, deployed "
                  + deployed.version()
                  + ", new "
                  + next.version()));
    }
    if (deployed.visibility() != next.visibility()) {
      changes.add(
          visibilityChange(
              Kind.MODULE_VISIBILITY_CHANGED,
              "module " + deployed.name(),
              deployed.visibility(),
              next.visibility()));
    }
  }

  /** Each item by its name (the first of a name), so that comparing stays linear. */
  private static <T> Map<String, T> byName(List<T> items, Function<T, String> name) {
    var map = new HashMap<String, T>();
    for (var item : items) {
      map.putIfAbsent(name.apply(item), item);
    }
    return map;
  }

  private void compareTables(ModuleSchema deployed, ModuleSchema next) {
    var nextTables = byName(next.tables(), TableSchema::name);
    var deployedTables = byName(deployed.tables(), TableSchema::name);
    for (var table : deployed.tables()) {
      var kept = Optional.ofNullable(nextTables.get(table.name()));
      if (kept.isEmpty()) {
        changes.add(
            SchemaChange.needsMigration(
                Kind.TABLE_DROPPED, "table " + table.name() + " dropped with its rows"));
      } else {
        TableCompatibility.compare(table, kept.get(), changes);
      }
    }
    for (var table : next.tables()) {
      if (!deployedTables.containsKey(table.name())) {
        changes.add(SchemaChange.info(Kind.TABLE_ADDED, "table " + table.name() + " added"));
      }
    }
  }

  private void compareReducers(ModuleSchema deployed, ModuleSchema next) {
    var nextReducers = byName(next.reducers(), ReducerSchema::name);
    var deployedReducers = byName(deployed.reducers(), ReducerSchema::name);
    for (var reducer : deployed.reducers()) {
      var where = "reducer " + reducer.name();
      var kept = Optional.ofNullable(nextReducers.get(reducer.name()));
      if (kept.isEmpty()) {
        changes.add(forCallers(reducer, Kind.REDUCER_REMOVED, where + " removed"));
        continue;
      }
      var nextReducer = kept.get();
      if (!reducer.params().equals(nextReducer.params())) {
        changes.add(
            forCallers(
                reducer,
                Kind.REDUCER_PARAMS_CHANGED,
                where
                    + " changed parameters from "
                    + params(reducer.params())
                    + " to "
                    + params(nextReducer.params())));
      }
      if (reducer.visibility() != nextReducer.visibility()) {
        changes.add(
            visibilityChange(
                Kind.REDUCER_VISIBILITY_CHANGED,
                where,
                reducer.visibility(),
                nextReducer.visibility()));
      }
      if (reducer.lifecycle() != nextReducer.lifecycle()) {
        changes.add(
            SchemaChange.info(
                Kind.REDUCER_LIFECYCLE_CHANGED,
                where
                    + " changed lifecycle from "
                    + lowerCase(reducer.lifecycle())
                    + " to "
                    + lowerCase(nextReducer.lifecycle())));
      }
    }
    for (var reducer : next.reducers()) {
      if (!deployedReducers.containsKey(reducer.name())) {
        changes.add(SchemaChange.info(Kind.REDUCER_ADDED, "reducer " + reducer.name() + " added"));
      }
    }
  }

  /** A note when clients could call the reducer (public, not lifecycle), else info. */
  private static SchemaChange forCallers(ReducerSchema reducer, Kind kind, String message) {
    boolean callable =
        reducer.visibility() == Visibility.PUBLIC && reducer.lifecycle() == Lifecycle.NONE;
    return callable ? SchemaChange.note(kind, message) : SchemaChange.info(kind, message);
  }

  private void compareQueries(ModuleSchema deployed, ModuleSchema next) {
    var nextQueries = byName(next.queries(), QuerySchema::name);
    var deployedQueries = byName(deployed.queries(), QuerySchema::name);
    for (var query : deployed.queries()) {
      var kept = Optional.ofNullable(nextQueries.get(query.name()));
      if (kept.isEmpty()) {
        changes.add(SchemaChange.note(Kind.QUERY_REMOVED, "query " + query.name() + " removed"));
      } else if (!query.equals(kept.get())) {
        changes.add(
            SchemaChange.note(
                Kind.QUERY_CHANGED,
                "query "
                    + query.name()
                    + " changed from "
                    + signature(query)
                    + " to "
                    + signature(kept.get())));
      }
    }
    for (var query : next.queries()) {
      if (!deployedQueries.containsKey(query.name())) {
        changes.add(SchemaChange.info(Kind.QUERY_ADDED, "query " + query.name() + " added"));
      }
    }
  }

  private void compareSubscriptions(ModuleSchema deployed, ModuleSchema next) {
    var nextSubscriptions = new HashSet<>(next.subscriptions());
    var deployedSubscriptions = new HashSet<>(deployed.subscriptions());
    for (var subscription : deployed.subscriptions()) {
      if (!nextSubscriptions.contains(subscription)) {
        changes.add(
            SchemaChange.info(
                Kind.SUBSCRIPTION_REMOVED, "subscription " + describe(subscription) + " removed"));
      }
    }
    for (var subscription : next.subscriptions()) {
      if (!deployedSubscriptions.contains(subscription)) {
        changes.add(
            SchemaChange.info(
                Kind.SUBSCRIPTION_ADDED, "subscription " + describe(subscription) + " added"));
      }
    }
  }

  /** Narrowing to private may break callers (a note); widening to public breaks nothing. */
  static SchemaChange visibilityChange(Kind kind, String where, Visibility from, Visibility to) {
    var message = where + " visibility changed from " + lowerCase(from) + " to " + lowerCase(to);
    return to == Visibility.PRIVATE
        ? SchemaChange.note(kind, message)
        : SchemaChange.info(kind, message);
  }

  static String lowerCase(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  private static String params(List<ParamSchema> params) {
    return params.stream()
        .map(param -> param.name() + ": " + param.type())
        .collect(Collectors.joining(", ", "(", ")"));
  }

  private static String signature(QuerySchema query) {
    return params(query.params()) + " -> " + query.resultType();
  }

  private static String describe(SubscriptionSchema subscription) {
    return subscription.pattern() + " -> " + subscription.reducer();
  }
}
