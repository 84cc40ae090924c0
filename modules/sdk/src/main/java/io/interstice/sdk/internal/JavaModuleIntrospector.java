package io.interstice.sdk.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.interstice.sdk.Default;
import io.interstice.sdk.Index;
import io.interstice.sdk.Module;
import io.interstice.sdk.ModuleDefinitionException;
import io.interstice.sdk.PrimaryKey;
import io.interstice.sdk.Table;
import io.interstice.sdk.json.ValueJson;
import io.interstice.sdk.schema.ColumnSchema;
import io.interstice.sdk.schema.IndexSchema;
import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.schema.SubscriptionSchema;
import io.interstice.sdk.schema.TableSchema;
import io.interstice.sdk.value.Type;
import io.interstice.sdk.value.ValueTypeException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads a Java module class (see {@link Module}) into a {@link JavaModuleDefinition}: the schema
 * from its annotations, record mappers for its tables and invokers for its reducers and queries,
 * all built once. A class with a mistake is refused with a {@link ModuleDefinitionException} that
 * says what and where ({@code bank.Account: table has no @PrimaryKey}).
 *
 * <p>Decisions: tables are the records listed in {@link Module#tables()}, in that order (a record
 * nested in the module class and annotated {@link Table} but not listed is refused, as it is surely
 * a mistake); reducers and queries are the annotated methods declared by the module class itself
 * (not inherited), sorted by schema name; Java names become snake_case schema names unless given
 * explicitly. Stateless and thread-safe.
 */
public final class JavaModuleIntrospector {
  private JavaModuleIntrospector() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The value of a component's {@code @Default}, or null without one. */
  private static Object defaultOf(RecordComponent component, Type type, String where) {
    var annotation = component.getAnnotation(Default.class);
    if (annotation == null) {
      return null;
    }
    try {
      return ValueJson.fromJson(type, JSON.readTree(annotation.value()));
    } catch (JsonProcessingException e) {
      throw new ModuleDefinitionException(
          where
              + ": @Default(\""
              + annotation.value()
              + "\") is not JSON: "
              + e.getOriginalMessage());
    } catch (ValueTypeException e) {
      throw new ModuleDefinitionException(
          where + ": @Default(\"" + annotation.value() + "\") does not fit: " + e.getMessage());
    }
  }

  /**
   * Introspects a module class.
   *
   * @throws ModuleDefinitionException naming the first mistake found, or every problem of the
   *     resulting schema
   */
  public static JavaModuleDefinition introspect(Class<?> moduleClass) {
    var annotation = moduleClass.getAnnotation(Module.class);
    if (annotation == null) {
      throw new ModuleDefinitionException(moduleClass.getName() + " is not annotated @Module");
    }
    var module = annotation.name();
    var types = new JavaTypeMapper(module);
    var tables = tables(module, moduleClass, annotation, types);
    var methods = new MethodIntrospector(module, moduleClass, types);
    methods.introspect();

    var reducers = new ArrayList<>(methods.reducers());
    reducers.sort(Comparator.comparing(reducer -> reducer.schema().name()));
    var queries = new ArrayList<>(methods.queries());
    queries.sort(Comparator.comparing(query -> query.schema().name()));
    var subscriptions = new ArrayList<>(methods.subscriptions());
    subscriptions.sort(
        Comparator.comparing(SubscriptionSchema::pattern)
            .thenComparing(SubscriptionSchema::reducer));

    var schema =
        new ModuleSchema(
            module,
            annotation.version(),
            annotation.visibility(),
            tables.stream().<TableSchema>map(JavaTable::schema).toList(),
            reducers.stream().map(JavaReducer::schema).toList(),
            queries.stream().map(JavaQuery::schema).toList(),
            subscriptions);
    var problems = schema.validate();
    if (!problems.isEmpty()) {
      throw new ModuleDefinitionException(
          "module "
              + module
              + " ("
              + moduleClass.getName()
              + ") is invalid: "
              + String.join("; ", problems));
    }
    return new JavaModuleDefinition(schema, moduleClass, tables, reducers, queries);
  }

  private static List<JavaTable<?>> tables(
      String module, Class<?> moduleClass, Module annotation, JavaTypeMapper types) {
    var listed = new HashSet<Class<?>>();
    var tables = new ArrayList<JavaTable<?>>();
    for (var recordClass : annotation.tables()) {
      if (!listed.add(recordClass)) {
        throw new ModuleDefinitionException(
            module + ": " + recordClass.getSimpleName() + " is listed twice in @Module(tables)");
      }
      tables.add(table(module, recordClass, types));
    }
    for (var nested : moduleClass.getDeclaredClasses()) {
      if (nested.isAnnotationPresent(Table.class) && !listed.contains(nested)) {
        throw new ModuleDefinitionException(
            module
                + "."
                + nested.getSimpleName()
                + ": annotated @Table but not listed in @Module(tables)");
      }
    }
    return tables;
  }

  private static <T extends Record> JavaTable<T> table(
      String module, Class<T> recordClass, JavaTypeMapper types) {
    var where = module + "." + recordClass.getSimpleName();
    var annotation = recordClass.getAnnotation(Table.class);
    if (annotation == null) {
      throw new ModuleDefinitionException(
          where + ": listed in @Module(tables) but not annotated @Table");
    }
    var name =
        annotation.name().isEmpty()
            ? Names.snakeCase(recordClass.getSimpleName())
            : annotation.name();
    var mapper = types.recordMapper(recordClass).withLabel(name);
    var components = recordClass.getRecordComponents();
    var columnTypes = mapper.fieldTypes();
    var columns = new ArrayList<ColumnSchema>();
    for (int i = 0; i < components.length; i++) {
      var column = mapper.fieldNames().get(i);
      columns.add(
          new ColumnSchema(
              column,
              columnTypes.get(i),
              defaultOf(components[i], columnTypes.get(i), name + "." + column)));
    }

    var keys =
        Arrays.stream(components)
            .filter(component -> component.isAnnotationPresent(PrimaryKey.class))
            .toList();
    if (keys.isEmpty()) {
      throw new ModuleDefinitionException(where + ": table has no @PrimaryKey");
    }
    if (keys.size() > 1) {
      throw new ModuleDefinitionException(
          where
              + ": table has more than one @PrimaryKey ("
              + keys.stream().map(k -> k.getName()).collect(Collectors.joining(", "))
              + ")");
    }
    var key = keys.get(0);
    int keyIndex = Arrays.asList(components).indexOf(key);
    boolean autoIncrement = key.getAnnotation(PrimaryKey.class).autoIncrement();
    var keyKind = columnTypes.get(keyIndex).kind();
    if (autoIncrement && keyKind != Type.Kind.I32 && keyKind != Type.Kind.I64) {
      throw new ModuleDefinitionException(
          where
              + "."
              + key.getName()
              + ": auto-increment needs an int or long key, found "
              + key.getGenericType().getTypeName());
    }

    var indexes = new ArrayList<IndexSchema>();
    for (int i = 0; i < components.length; i++) {
      var index = components[i].getAnnotation(Index.class);
      if (index != null) {
        var indexName = index.name().isEmpty() ? columns.get(i).name() : index.name();
        indexes.add(new IndexSchema(indexName, List.of(i), index.kind(), index.unique()));
      }
    }
    var schema =
        new TableSchema(
            name,
            columns,
            keyIndex,
            autoIncrement,
            indexes,
            annotation.persistence(),
            annotation.visibility());
    return new JavaTable<>(schema, mapper);
  }
}
