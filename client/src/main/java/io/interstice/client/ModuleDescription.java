package io.interstice.client;

import java.util.List;
import java.util.Optional;

/**
 * A deployed module as a node describes it ({@code GET /v1/modules/{m}}): what clients may use of
 * it, its public tables, reducers and queries only.
 *
 * @param name the module's name, the {@code {m}} of its routes
 * @param version how many times it was deployed with new code (1 for the first)
 * @param code a digest of its code
 * @param engine how its code runs: {@code java}, {@code compiled}, {@code interpreter}; {@code
 *     none} when it cannot run
 * @param problem why it cannot run, or {@code null} when it runs
 * @param lastTx the id of its last committed transaction
 * @param schema its public tables, reducers and queries
 */
public record ModuleDescription(
    String name,
    int version,
    String code,
    String engine,
    String problem,
    long lastTx,
    Schema schema) {

  /** The public part of a module's schema; types are the node's names of them ({@code i64}, …). */
  public record Schema(List<Table> tables, List<Reducer> reducers, List<Query> queries) {
    public Schema {
      tables = tables == null ? List.of() : List.copyOf(tables);
      reducers = reducers == null ? List.of() : List.copyOf(reducers);
      queries = queries == null ? List.of() : List.copyOf(queries);
    }

    public Optional<Table> table(String name) {
      return tables.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public Optional<Reducer> reducer(String name) {
      return reducers.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public Optional<Query> query(String name) {
      return queries.stream().filter(q -> q.name().equals(name)).findFirst();
    }
  }

  /** A public table: its columns in order, primary key column and indexes. */
  public record Table(
      String name,
      List<Column> columns,
      String primaryKey,
      boolean autoIncrement,
      List<Index> indexes) {
    public Table {
      columns = columns == null ? List.of() : List.copyOf(columns);
      indexes = indexes == null ? List.of() : List.copyOf(indexes);
    }
  }

  /** A column of a table, or a parameter of a reducer or query: its name and type. */
  public record Column(String name, String type) {}

  /** An index over {@code columns}; {@code kind} is {@code btree} or {@code hash}. */
  public record Index(String name, List<String> columns, String kind, boolean unique) {
    public Index {
      columns = columns == null ? List.of() : List.copyOf(columns);
    }
  }

  /** A public reducer and its parameters, the arguments of a call in order. */
  public record Reducer(String name, List<Column> params) {
    public Reducer {
      params = params == null ? List.of() : List.copyOf(params);
    }
  }

  /** A query, its parameters and the type of its result. */
  public record Query(String name, List<Column> params, String result) {
    public Query {
      params = params == null ? List.of() : List.copyOf(params);
    }
  }
}
