package io.interstice.sdk.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the runtime needs to know about a module, independent of the language it is written
 * in: name, version, visibility, tables, reducers (lifecycle ones included), queries and
 * subscriptions. Immutable. Java modules get theirs from their annotations, WASM modules describe
 * theirs through the ABI in {@link SchemaCodec}'s encoding; either way it is checked by {@link
 * #validate()} before deployment and recorded in the log with the module.
 */
public record ModuleSchema(
    String name,
    int version,
    Visibility visibility,
    List<TableSchema> tables,
    List<ReducerSchema> reducers,
    List<QuerySchema> queries,
    List<SubscriptionSchema> subscriptions) {

  public ModuleSchema {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(visibility, "visibility");
    tables = List.copyOf(tables);
    reducers = List.copyOf(reducers);
    queries = List.copyOf(queries);
    subscriptions = List.copyOf(subscriptions);
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  public Optional<TableSchema> table(String tableName) {
    return tables.stream().filter(table -> table.name().equals(tableName)).findFirst();
  }

  public Optional<ReducerSchema> reducer(String reducerName) {
    // A plain loop: asked for every call a module runs, where a stream pipeline cost ~2 % of it.
    for (var reducer : reducers) {
      if (reducer.name().equals(reducerName)) {
        return Optional.of(reducer);
      }
    }
    return Optional.empty();
  }

  public Optional<QuerySchema> query(String queryName) {
    return queries.stream().filter(query -> query.name().equals(queryName)).findFirst();
  }

  /**
   * Every problem of this schema, each naming where it is (for example {@code table accounts:
   * auto-increment primary key id must be i32 or i64, found string}); empty when it is valid.
   */
  public List<String> validate() {
    return SchemaValidator.problemsOf(this);
  }

  /**
   * Returns this schema if it is valid.
   *
   * @throws SchemaValidationException carrying every problem
   */
  public ModuleSchema requireValid() {
    var problems = validate();
    if (!problems.isEmpty()) {
      throw new SchemaValidationException("invalid schema of module " + name, problems);
    }
    return this;
  }

  /** Builds a {@link ModuleSchema}; defaults: version 1, {@code PUBLIC}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private int version = 1;
    private Visibility visibility = Visibility.PUBLIC;
    private final List<TableSchema> tables = new ArrayList<>();
    private final List<ReducerSchema> reducers = new ArrayList<>();
    private final List<QuerySchema> queries = new ArrayList<>();
    private final List<SubscriptionSchema> subscriptions = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    public Builder version(int version) {
      this.version = version;
      return this;
    }

    public Builder visibility(Visibility visibility) {
      this.visibility = visibility;
      return this;
    }

    public Builder table(TableSchema table) {
      tables.add(table);
      return this;
    }

    public Builder reducer(ReducerSchema reducer) {
      reducers.add(reducer);
      return this;
    }

    public Builder query(QuerySchema query) {
      queries.add(query);
      return this;
    }

    public Builder subscription(SubscriptionSchema subscription) {
      subscriptions.add(subscription);
      return this;
    }

    /** The schema as built; not validated (call {@link ModuleSchema#requireValid()}). */
    public ModuleSchema build() {
      return new ModuleSchema(name, version, visibility, tables, reducers, queries, subscriptions);
    }
  }
}
