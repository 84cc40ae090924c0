package io.interstice.sdk.schema;

import io.interstice.sdk.value.EnumType;
import io.interstice.sdk.value.ListType;
import io.interstice.sdk.value.OptionType;
import io.interstice.sdk.value.StructType;
import io.interstice.sdk.value.Type;
import io.interstice.sdk.value.ValueTypeException;
import io.interstice.sdk.value.Values;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * The rules behind {@link ModuleSchema#validate()}; collects every problem rather than the first.
 * Linear in the size of the schema: names are looked up in sets and maps, never by scanning lists.
 */
final class SchemaValidator {
  private final List<String> problems = new ArrayList<>();

  private SchemaValidator() {}

  static List<String> problemsOf(ModuleSchema module) {
    var validator = new SchemaValidator();
    validator.checkModule(module);
    return List.copyOf(validator.problems);
  }

  private void checkModule(ModuleSchema module) {
    checkName("module", module.name());
    if (module.version() < 1) {
      problems.add(
          "module " + module.name() + ": version must be at least 1, found " + module.version());
    }
    var tableNames = new HashSet<String>();
    for (var table : module.tables()) {
      if (!tableNames.add(table.name())) {
        problems.add("duplicate table name " + table.name());
      }
      checkTable(table);
    }
    checkReducers(module.reducers());
    var queryNames = new HashSet<String>();
    for (var query : module.queries()) {
      if (!queryNames.add(query.name())) {
        problems.add("duplicate query name " + query.name());
      }
      checkName("query", query.name());
      checkParams("query " + query.name(), query.params());
      checkType("query " + query.name() + ", result type", query.resultType());
    }
    var reducers = new HashMap<String, ReducerSchema>();
    for (var reducer : module.reducers()) {
      reducers.putIfAbsent(reducer.name(), reducer);
    }
    for (var subscription : module.subscriptions()) {
      checkSubscription(reducers, subscription);
    }
  }

  private void checkTable(TableSchema table) {
    var where = "table " + table.name();
    checkName("table", table.name());
    if (table.columns().isEmpty()) {
      problems.add(where + ": has no columns");
    }
    var columnNames = new HashSet<String>();
    for (var column : table.columns()) {
      if (!columnNames.add(column.name())) {
        problems.add(where + ": duplicate column name " + column.name());
      }
      checkName(where + ", column", column.name());
      checkType(where + ", column " + column.name(), column.type());
      if (column.hasDefault()) {
        try {
          Values.check(column.type(), column.defaultValue(), "default value");
        } catch (ValueTypeException e) {
          problems.add(where + ", column " + column.name() + ": " + e.getMessage());
        }
      }
    }
    checkPrimaryKey(table);
    var indexNames = new HashSet<String>();
    for (var index : table.indexes()) {
      if (!indexNames.add(index.name())) {
        problems.add(where + ": duplicate index name " + index.name());
      }
      checkIndex(table, index);
    }
  }

  private void checkPrimaryKey(TableSchema table) {
    var where = "table " + table.name();
    int key = table.primaryKey();
    if (key == TableSchema.NO_PRIMARY_KEY) {
      problems.add(where + ": has no primary key");
      return;
    }
    if (key < 0 || key >= table.columns().size()) {
      problems.add(where + ": primary key refers to unknown column " + key);
      return;
    }
    var column = table.columns().get(key);
    if (column.type().kind() == Type.Kind.OPTION) {
      problems.add(
          where
              + ": primary key "
              + column.name()
              + " must not be an option, found "
              + column.type());
    }
    var kind = column.type().kind();
    if (table.autoIncrement() && kind != Type.Kind.I32 && kind != Type.Kind.I64) {
      problems.add(
          where
              + ": auto-increment primary key "
              + column.name()
              + " must be i32 or i64, found "
              + column.type());
    }
  }

  private void checkIndex(TableSchema table, IndexSchema index) {
    var where = "table " + table.name() + ", index " + index.name();
    checkName("table " + table.name() + ", index", index.name());
    if (index.columns().isEmpty()) {
      problems.add(where + ": has no columns");
    }
    var seen = new HashSet<Integer>();
    for (int column : index.columns()) {
      if (column < 0 || column >= table.columns().size()) {
        problems.add(where + ": refers to unknown column " + column);
      } else if (!seen.add(column)) {
        problems.add(where + ": lists column " + table.columns().get(column).name() + " twice");
      }
    }
  }

  private void checkReducers(List<ReducerSchema> reducers) {
    var names = new HashSet<String>();
    var lifecycles = new HashSet<Lifecycle>();
    for (var reducer : reducers) {
      var where = "reducer " + reducer.name();
      if (!names.add(reducer.name())) {
        problems.add("duplicate reducer name " + reducer.name());
      }
      checkName("reducer", reducer.name());
      checkParams(where, reducer.params());
      if (reducer.lifecycle() != Lifecycle.NONE) {
        var lifecycle = reducer.lifecycle().name().toLowerCase(java.util.Locale.ROOT);
        if (!lifecycles.add(reducer.lifecycle())) {
          problems.add(where + ": a module has at most one " + lifecycle + " reducer");
        }
        if (!reducer.params().isEmpty()) {
          problems.add(where + ": " + lifecycle + " reducer must take no parameters");
        }
      }
    }
  }

  private void checkParams(String where, List<ParamSchema> params) {
    var names = new HashSet<String>();
    for (var param : params) {
      if (!names.add(param.name())) {
        problems.add(where + ": duplicate parameter name " + param.name());
      }
      checkName(where + ", parameter", param.name());
      checkType(where + ", parameter " + param.name(), param.type());
    }
  }

  private void checkSubscription(
      Map<String, ReducerSchema> reducers, SubscriptionSchema subscription) {
    var where = "subscription " + subscription.pattern() + " -> " + subscription.reducer();
    checkName(where + ", module", subscription.module());
    checkName(where + ", table", subscription.table());
    var reducer = reducers.get(subscription.reducer());
    if (reducer == null) {
      problems.add(where + ": reducer " + subscription.reducer() + " does not exist");
    } else if (reducer.lifecycle() != Lifecycle.NONE) {
      problems.add(where + ": a lifecycle reducer cannot subscribe");
    }
  }

  /** Struct field and enum variant names follow the same rule as every other name. */
  private void checkType(String where, Type type) {
    switch (type.kind()) {
      case OPTION:
        checkType(where, ((OptionType) type).inner());
        break;
      case LIST:
        checkType(where, ((ListType) type).element());
        break;
      case STRUCT:
        for (var field : ((StructType) type).fields()) {
          checkName(where + ", struct field", field.name());
          checkType(where + ", struct field " + field.name(), field.type());
        }
        break;
      case ENUM:
        for (var variant : ((EnumType) type).variants()) {
          checkName(where + ", enum variant", variant);
        }
        break;
      default:
        break;
    }
  }

  private void checkName(String what, String name) {
    if (!Identifiers.isIdentifier(name)) {
      problems.add(what + " name '" + name + "' is not valid (" + Identifiers.RULE + ")");
    }
  }
}
