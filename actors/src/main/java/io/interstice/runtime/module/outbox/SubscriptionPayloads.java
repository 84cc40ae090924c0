package io.interstice.runtime.module.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.interstice.runtime.table.RowChange;
import io.interstice.sdk.json.ValueJson;
import io.interstice.sdk.schema.ParamSchema;
import io.interstice.sdk.schema.RowEvent;
import io.interstice.sdk.schema.TableSchema;
import io.interstice.sdk.value.StructType;
import io.interstice.sdk.value.StructValue;
import io.interstice.sdk.value.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arguments a subscribed reducer receives for a row change, as the JSON array that travels in
 * the outbox: the new row for an insert, the old and the new row for an update, the old row for a
 * delete, each as a struct of the table's columns. Not thread-safe (caches per table schema); one
 * per module actor.
 */
public final class SubscriptionPayloads {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<TableSchema, StructType> rowTypes = new IdentityHashMap<>();

  /** The struct type of a table's rows: its columns' names and types. */
  static StructType rowType(TableSchema table) {
    var fields = new ArrayList<StructType.Field>();
    for (var column : table.columns()) {
      fields.add(new StructType.Field(column.name(), column.type()));
    }
    return new StructType(fields);
  }

  /** The parameter types a reducer subscribed to {@code event} on {@code table} must have. */
  static List<Type> parameterTypes(TableSchema table, RowEvent event) {
    var row = rowType(table);
    return event == RowEvent.UPDATE ? List.of(row, row) : List.of(row);
  }

  public RowEvent eventOf(RowChange change) {
    if (change instanceof RowChange.Inserted) {
      return RowEvent.INSERT;
    }
    return change instanceof RowChange.Updated ? RowEvent.UPDATE : RowEvent.DELETE;
  }

  public byte[] argsOf(TableSchema table, RowChange change) {
    var type = rowTypes.computeIfAbsent(table, SubscriptionPayloads::rowType);
    List<ParamSchema> params;
    Object[] values;
    if (change instanceof RowChange.Inserted inserted) {
      params = List.of(ParamSchema.of("row", type));
      values = new Object[] {struct(inserted.row())};
    } else if (change instanceof RowChange.Updated updated) {
      params = List.of(ParamSchema.of("old", type), ParamSchema.of("new", type));
      values = new Object[] {struct(updated.oldRow()), struct(updated.newRow())};
    } else {
      params = List.of(ParamSchema.of("row", type));
      values = new Object[] {struct(((RowChange.Deleted) change).row())};
    }
    try {
      return JSON.writeValueAsBytes(ValueJson.writeArgs(params, values));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a row of " + table.name() + " as JSON", e);
    }
  }

  private static StructValue struct(Object[] row) {
    return new StructValue(Arrays.asList(row));
  }
}
