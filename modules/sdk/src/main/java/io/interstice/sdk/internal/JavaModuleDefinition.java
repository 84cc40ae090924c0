package io.interstice.sdk.internal;

import io.interstice.sdk.ModuleDefinitionException;
import io.interstice.sdk.schema.ModuleSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Java module as the runtime uses it: the validated {@link ModuleSchema}, per table the mapper
 * between its record type and rows, and per reducer and query a ready invoker. Made by {@link
 * JavaModuleIntrospector#introspect}. Immutable and thread-safe as far as the module code is.
 */
public final class JavaModuleDefinition {
  private final ModuleSchema schema;
  private final Class<?> moduleClass;
  private final Map<Class<?>, JavaTable<?>> tablesByType = new LinkedHashMap<>();
  private final Map<String, JavaTable<?>> tablesByName = new LinkedHashMap<>();
  private final Map<String, JavaReducer> reducers = new LinkedHashMap<>();
  private final Map<String, JavaQuery> queries = new LinkedHashMap<>();

  JavaModuleDefinition(
      ModuleSchema schema,
      Class<?> moduleClass,
      List<JavaTable<?>> tables,
      List<JavaReducer> reducers,
      List<JavaQuery> queries) {
    this.schema = schema;
    this.moduleClass = moduleClass;
    for (var table : tables) {
      tablesByType.put(table.mapper().type(), table);
      tablesByName.put(table.schema().name(), table);
    }
    for (var reducer : reducers) {
      this.reducers.put(reducer.schema().name(), reducer);
    }
    for (var query : queries) {
      this.queries.put(query.schema().name(), query);
    }
  }

  public ModuleSchema schema() {
    return schema;
  }

  public Class<?> moduleClass() {
    return moduleClass;
  }

  /** The tables in schema order. */
  public List<JavaTable<?>> tables() {
    return List.copyOf(new ArrayList<>(tablesByName.values()));
  }

  /**
   * The table whose row type is {@code rowType}, for {@code ctx.table(Account.class)}.
   *
   * @throws ModuleDefinitionException if it is not a table of this module
   */
  @SuppressWarnings("unchecked")
  public <T extends Record> JavaTable<T> table(Class<T> rowType) {
    var table = tablesByType.get(rowType);
    if (table == null) {
      throw new ModuleDefinitionException(
          schema.name() + ": " + rowType.getName() + " is not a table of this module");
    }
    return (JavaTable<T>) table;
  }

  public Optional<JavaTable<?>> table(String name) {
    return Optional.ofNullable(tablesByName.get(name));
  }

  public Optional<JavaReducer> reducer(String name) {
    return Optional.ofNullable(reducers.get(name));
  }

  public Optional<JavaQuery> query(String name) {
    return Optional.ofNullable(queries.get(name));
  }

  @Override
  public String toString() {
    return "JavaModuleDefinition["
        + schema.name()
        + " v"
        + schema.version()
        + " = "
        + moduleClass.getName()
        + "]";
  }
}
