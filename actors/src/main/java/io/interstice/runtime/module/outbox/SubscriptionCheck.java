package io.interstice.runtime.module.outbox;

import io.interstice.runtime.module.code.ArgsDecoder;
import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.schema.ReducerSchema;
import io.interstice.sdk.schema.SubscriptionSchema;
import io.interstice.sdk.schema.TableSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks a module's subscriptions against the schemas of the modules it subscribes to: the module
 * is deployed, the table exists, and the subscribed reducer takes exactly the rows it will be given
 * (one row of the table for insert and delete, old and new row for update, each a struct of the
 * table's columns with the same names and types in the same order). Stateless.
 */
public final class SubscriptionCheck {
  private SubscriptionCheck() {}

  /** The modules {@code schema} subscribes to, itself excluded. */
  public static List<String> producers(ModuleSchema schema) {
    return schema.subscriptions().stream()
        .map(SubscriptionSchema::module)
        .filter(module -> !module.equals(schema.name()))
        .distinct()
        .sorted()
        .collect(Collectors.toList());
  }

  /**
   * Every problem of the subscriptions of {@code subscriber}; {@code producers} holds the schema of
   * every deployed module it subscribes to (a module missing from it is not deployed).
   */
  public static List<String> problems(
      ModuleSchema subscriber, Map<String, ModuleSchema> producers) {
    var problems = new ArrayList<String>();
    var reducers = new HashMap<String, ReducerSchema>();
    for (var reducer : subscriber.reducers()) {
      reducers.putIfAbsent(reducer.name(), reducer);
    }
    // Tables by producer, then by name: looked up once per subscription, not scanned.
    var tables = new HashMap<String, Map<String, TableSchema>>();
    for (var subscription : subscriber.subscriptions()) {
      var where =
          "module "
              + subscriber.name()
              + ": subscription "
              + subscription.pattern()
              + " of reducer "
              + subscription.reducer();
      var producer =
          subscription.module().equals(subscriber.name())
              ? subscriber
              : producers.get(subscription.module());
      if (producer == null) {
        problems.add(where + ": module " + subscription.module() + " is not deployed");
        continue;
      }
      var table =
          tables
              .computeIfAbsent(producer.name(), name -> tablesByName(producer))
              .get(subscription.table());
      if (table == null) {
        problems.add(
            where + ": module " + producer.name() + " has no table " + subscription.table());
        continue;
      }
      var reducer = reducers.get(subscription.reducer());
      if (reducer == null) {
        problems.add(where + ": no such reducer");
        continue;
      }
      var expected = SubscriptionPayloads.parameterTypes(table, subscription.event());
      if (!reducer.paramTypes().equals(expected)) {
        problems.add(
            where
                + ": the reducer takes "
                + ArgsDecoder.signature(reducer.params())
                + " but "
                + subscription.event().patternName()
                + " on "
                + producer.name()
                + "."
                + table.name()
                + " delivers "
                + expected);
      }
    }
    return problems;
  }

  private static Map<String, TableSchema> tablesByName(ModuleSchema schema) {
    var byName = new HashMap<String, TableSchema>();
    for (var table : schema.tables()) {
      byName.putIfAbsent(table.name(), table);
    }
    return byName;
  }
}
