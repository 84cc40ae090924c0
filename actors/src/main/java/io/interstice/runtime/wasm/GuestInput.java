package io.interstice.runtime.wasm;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.interstice.sdk.codec.RowCodec;
import io.interstice.sdk.json.ValueJson;
import io.interstice.sdk.schema.IndexKind;
import io.interstice.sdk.schema.IndexSchema;
import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.schema.ReducerSchema;
import io.interstice.sdk.schema.TableSchema;
import io.interstice.sdk.value.Type;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The checks of what a guest passes to an import of ABI version 1 ({@code
 * modules/wasm-sdk/ABI.md}): the ids of tables, indexes and reducers against the module's schema,
 * and the rows, keys and arguments decoded from the bytes it names. Nothing a guest passes is
 * trusted; a bad id or value is a {@link GuestFault} saying which. Reading the bytes out of guest
 * memory is {@link GuestMemory}'s; open iterators' ids are {@link GuestCursors}'. Stateless.
 */
final class GuestInput {
  private static final ObjectMapper JSON = new ObjectMapper();

  private GuestInput() {}

  /** Table {@code id} of {@code schema}. */
  static TableSchema table(ModuleSchema schema, int id) {
    if (id < 0 || id >= schema.tables().size()) {
      throw new GuestFault("unknown table " + id);
    }
    return schema.tables().get(id);
  }

  /** Index {@code id} of {@code table}. */
  static IndexSchema index(TableSchema table, int id) {
    if (id < 0 || id >= table.indexes().size()) {
      throw new GuestFault("table " + table.name() + " has no index " + id);
    }
    return table.indexes().get(id);
  }

  /** Index {@code id} of {@code table}, which {@code index_range} needs to be a btree index. */
  static IndexSchema btreeIndex(TableSchema table, int id) {
    var index = index(table, id);
    if (index.kind() != IndexKind.BTREE) {
      throw new GuestFault(
          "index_range on " + table.name() + "." + index.name() + ", not a btree index");
    }
    return index;
  }

  /**
   * Reducer {@code id} of {@code schema}, to be scheduled after {@code delay} every {@code
   * interval}.
   */
  static ReducerSchema scheduled(ModuleSchema schema, int id, long delay, long interval) {
    if (id < 0 || id >= schema.reducers().size()) {
      throw new GuestFault("schedule of unknown reducer " + id);
    }
    var target = schema.reducers().get(id);
    if (delay < 0 || interval < 0) {
      throw new GuestFault("schedule of " + target.name() + " with a negative delay or interval");
    }
    return target;
  }

  /** A row of {@code table}, encoded and valid. */
  static Object[] row(TableSchema table, byte[] bytes) {
    return decoded(
        "a bad row for table " + table.name(),
        () -> {
          var row = RowCodec.decodeRow(table, bytes);
          table.checkRow(row);
          return row;
        });
  }

  /** A primary key of {@code table}. */
  static Object key(TableSchema table, byte[] bytes) {
    return decoded(
        "a bad key for table " + table.name(),
        () -> RowCodec.decodeValue(table.primaryKeyColumn().type(), bytes));
  }

  /** A key of {@code index}: its one column's value, or the list of its columns' values. */
  static Object indexKey(TableSchema table, IndexSchema index, byte[] bytes) {
    var types = new ArrayList<Type>();
    for (int column : index.columns()) {
      types.add(table.columns().get(column).type());
    }
    var values =
        decoded(
            "a bad key for index " + table.name() + "." + index.name(),
            () -> RowCodec.decodeValues(types, bytes));
    return values.length == 1 ? values[0] : Arrays.asList(values);
  }

  /** The arguments of a scheduled call of {@code target}, as the JSON a schedule keeps. */
  static byte[] scheduleArgs(ReducerSchema target, byte[] bytes) {
    var values =
        decoded(
            "bad arguments for schedule of " + target.name(),
            () -> RowCodec.decodeValues(target.paramTypes(), bytes));
    try {
      return JSON.writeValueAsBytes(ValueJson.writeArgs(target.params(), values));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write arguments as JSON", e);
    }
  }

  /** Checks that the arguments of {@code what} (a call of another module) are a JSON array. */
  static void requireJsonArray(String what, byte[] json) {
    try {
      if (!JSON.readTree(json).isArray()) {
        throw new GuestFault(what + ": arguments are not a JSON array");
      }
    } catch (IOException e) {
      throw new GuestFault(what + ": arguments are not JSON", e);
    }
  }

  /** What {@code decode} returns; whatever it throws is the guest's fault in {@code what}. */
  private static <T> T decoded(String what, Supplier<T> decode) {
    try {
      return decode.get();
    } catch (RuntimeException e) {
      throw new GuestFault(what + ": " + e.getMessage(), e);
    }
  }
}
