package io.interstice.sdk.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interstice.sdk.schema.ParamSchema;
import io.interstice.sdk.schema.TableSchema;
import io.interstice.sdk.value.Bytes;
import io.interstice.sdk.value.EnumValue;
import io.interstice.sdk.value.ListType;
import io.interstice.sdk.value.OptionType;
import io.interstice.sdk.value.StructType;
import io.interstice.sdk.value.StructValue;
import io.interstice.sdk.value.Type;
import io.interstice.sdk.value.ValueTypeException;
import io.interstice.sdk.value.Values;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The JSON form of values, as the HTTP API speaks it, driven by the value's {@link Type}:
 *
 * <pre>
 * bool            true | false
 * i32, i64        a JSON number (i64 too: clients needing exact values past 2^53 must parse
 *                 numbers as 64-bit integers); fractions and out-of-range numbers are refused
 * f32, f64        a JSON number; reading refuses NaN and infinities, writing gives the strings
 *                 "NaN", "Infinity", "-Infinity" for them (plain JSON has no such numbers)
 * string          a JSON string
 * bytes           standard base64 with padding (RFC 4648) in a JSON string
 * option&lt;T&gt;       null for none, else the JSON of T (a missing struct field also reads as none)
 * list&lt;T&gt;         an array
 * struct{..}      an object by field name; unknown fields are refused
 * enum{..}        the variant name as a string
 * </pre>
 *
 * Reading is strict and reports {@link ValueTypeException}s such as {@code argument 2 (amount):
 * expected i64, found string "x"}. Argument lists are JSON arrays, numbered from 1 in messages.
 * Stateless and thread-safe.
 */
public final class ValueJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ValueJson() {}

  /**
   * The JSON form of {@code value}.
   *
   * @throws ValueTypeException when the value does not match the type
   */
  public static JsonNode toJson(Type type, Object value) {
    Values.check(type, value);
    return write(type, value);
  }

  /**
   * Reads a value of {@code type}.
   *
   * @throws ValueTypeException naming the path inside the value, the type and what was found
   */
  public static Object fromJson(Type type, JsonNode node) {
    return JsonValueReader.read(type, node);
  }

  /** Reads a value of {@code type}; {@code path} prefixes the path in error messages. */
  public static Object fromJson(Type type, JsonNode node, String path) {
    try {
      return JsonValueReader.read(type, node);
    } catch (ValueTypeException e) {
      throw e.under(path);
    }
  }

  /**
   * Reads reducer or query arguments from a JSON array with one element per parameter.
   *
   * @throws ValueTypeException for a non-array, a wrong count ({@code arguments: expected 3
   *     arguments (from: i64, to: i64, amount: i64), found 2}) or a wrong argument ({@code argument
   *     3 (amount): expected i64, found string "x"})
   */
  public static Object[] readArgs(List<ParamSchema> params, JsonNode args) {
    if (args == null || !args.isArray()) {
      throw new ValueTypeException(
          "arguments", "a JSON array of " + expectedArgs(params), JsonValueReader.describe(args));
    }
    if (args.size() != params.size()) {
      throw new ValueTypeException("arguments", expectedArgs(params), String.valueOf(args.size()));
    }
    var values = new Object[params.size()];
    for (int i = 0; i < values.length; i++) {
      var param = params.get(i);
      try {
        values[i] = fromJson(param.type(), args.get(i));
      } catch (ValueTypeException e) {
        // Labels are built only for errors: this runs for every delivered call.
        throw e.under(argumentLabel(i, param));
      }
    }
    return values;
  }

  private static String expectedArgs(List<ParamSchema> params) {
    return params.size() + " arguments (" + describeParams(params) + ")";
  }

  /** The JSON array of reducer or query arguments. */
  public static ArrayNode writeArgs(List<ParamSchema> params, Object[] args) {
    if (args.length != params.size()) {
      throw new ValueTypeException(
          "arguments", params.size() + " arguments", String.valueOf(args.length));
    }
    var array = NODES.arrayNode(args.length);
    for (int i = 0; i < args.length; i++) {
      var param = params.get(i);
      Values.check(param.type(), args[i], argumentLabel(i, param));
      array.add(write(param.type(), args[i]));
    }
    return array;
  }

  /** A row as a JSON object by column name. */
  public static ObjectNode rowToJson(TableSchema table, Object[] row) {
    table.checkRow(row);
    var object = NODES.objectNode();
    var columns = table.columns();
    for (int i = 0; i < row.length; i++) {
      object.set(columns.get(i).name(), write(columns.get(i).type(), row[i]));
    }
    return object;
  }

  /**
   * A row from a JSON object by column name; absent option columns are none, unknown columns are
   * refused.
   *
   * @throws ValueTypeException naming table and column ({@code accounts.balance: expected i64,
   *     found string "x"})
   */
  public static Object[] rowFromJson(TableSchema table, JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new ValueTypeException(
          table.name(), "a JSON object by column name", JsonValueReader.describe(node));
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      var name = names.next();
      if (table.columnIndex(name) < 0) {
        throw new ValueTypeException(
            table.name(), "a column of the table", "unknown column '" + name + "'");
      }
    }
    var columns = table.columns();
    var row = new Object[columns.size()];
    for (int i = 0; i < row.length; i++) {
      var column = columns.get(i);
      row[i] = fromJson(column.type(), node.get(column.name()), table.name() + "." + column.name());
    }
    return row;
  }

  private static String argumentLabel(int index, ParamSchema param) {
    return "argument " + (index + 1) + " (" + param.name() + ")";
  }

  private static String describeParams(List<ParamSchema> params) {
    return params.stream().map(p -> p.name() + ": " + p.type()).collect(Collectors.joining(", "));
  }

  private static JsonNode write(Type type, Object value) {
    if (value == null) {
      return NODES.nullNode();
    }
    switch (type.kind()) {
      case BOOL:
        return NODES.booleanNode((Boolean) value);
      case I32:
        return NODES.numberNode((Integer) value);
      case I64:
        return NODES.numberNode((Long) value);
      case F32:
        float f = (Float) value;
        return Float.isFinite(f) ? NODES.numberNode(f) : NODES.textNode(Float.toString(f));
      case F64:
        double d = (Double) value;
        return Double.isFinite(d) ? NODES.numberNode(d) : NODES.textNode(Double.toString(d));
      case STRING:
        return NODES.textNode((String) value);
      case BYTES:
        return NODES.textNode(((Bytes) value).toBase64());
      case OPTION:
        return write(((OptionType) type).inner(), value);
      case LIST:
        var element = ((ListType) type).element();
        var array = NODES.arrayNode();
        for (var item : (List<?>) value) {
          array.add(write(element, item));
        }
        return array;
      case STRUCT:
        var fields = ((StructType) type).fields();
        var struct = (StructValue) value;
        var object = NODES.objectNode();
        for (int i = 0; i < fields.size(); i++) {
          object.set(fields.get(i).name(), write(fields.get(i).type(), struct.get(i)));
        }
        return object;
      case ENUM:
        return NODES.textNode(((EnumValue) value).name());
      default:
        throw new IllegalStateException("unknown kind " + type.kind());
    }
  }
}
