package io.interstice.sdk.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.interstice.sdk.value.Bytes;
import io.interstice.sdk.value.EnumType;
import io.interstice.sdk.value.ListType;
import io.interstice.sdk.value.OptionType;
import io.interstice.sdk.value.StructType;
import io.interstice.sdk.value.StructValue;
import io.interstice.sdk.value.Type;
import io.interstice.sdk.value.Utf8;
import io.interstice.sdk.value.ValueTypeException;
import io.interstice.sdk.value.Values;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;

/**
 * Reads a value of a type from a JSON node, strictly: no coercion between strings and numbers, no
 * fractions or out-of-range numbers for integers, no NaN or infinities. Failures are {@link
 * ValueTypeException}s with the path inside the value; {@link ValueJson} adds the outer path.
 */
final class JsonValueReader {
  private static final int MAX_NUMBER_CHARS = 40;

  private JsonValueReader() {}

  static Object read(Type type, JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      if (type.kind() == Type.Kind.OPTION) {
        return null;
      }
      throw mismatch(type, node);
    }
    switch (type.kind()) {
      case BOOL:
        if (!node.isBoolean()) {
          throw mismatch(type, node);
        }
        return node.booleanValue();
      case I32:
        if (!node.isIntegralNumber()) {
          throw mismatch(type, node);
        }
        if (!node.canConvertToInt()) {
          throw outOfRange(type, node);
        }
        return node.intValue();
      case I64:
        if (!node.isIntegralNumber()) {
          throw mismatch(type, node);
        }
        if (!node.canConvertToLong()) {
          throw outOfRange(type, node);
        }
        return node.longValue();
      case F32:
        return (float) readFloat(type, node, Float.MAX_VALUE);
      case F64:
        return readFloat(type, node, Double.MAX_VALUE);
      case STRING:
        return readString(type, node);
      case BYTES:
        return readBytes(type, node);
      case OPTION:
        try {
          return read(((OptionType) type).inner(), node);
        } catch (ValueTypeException e) {
          throw e.path().isEmpty() ? new ValueTypeException("", type.toString(), e.found()) : e;
        }
      case LIST:
        return readList((ListType) type, node);
      case STRUCT:
        return readStruct((StructType) type, node);
      case ENUM:
        return readEnum((EnumType) type, node);
      default:
        throw new IllegalStateException("unknown kind " + type.kind());
    }
  }

  private static double readFloat(Type type, JsonNode node, double max) {
    if (!node.isNumber()) {
      throw mismatch(type, node);
    }
    double value = node.doubleValue();
    boolean notANumber = node.isFloatingPointNumber() && !node.isBigDecimal();
    if (Double.isNaN(value) || (Double.isInfinite(value) && notANumber)) {
      throw new ValueTypeException("", type + " (a finite number)", describe(node));
    }
    // a huge integer or big decimal converts to an infinity: out of range, like 1e39 for f32
    if (Double.isInfinite(value) || Math.abs(value) > max) {
      throw outOfRange(type, node);
    }
    return value;
  }

  private static String readString(Type type, JsonNode node) {
    if (!node.isTextual()) {
      throw mismatch(type, node);
    }
    var text = node.textValue();
    int bad = Utf8.firstUnpairedSurrogate(text);
    if (bad >= 0) {
      throw new ValueTypeException(
          "", "string", "a string with an unpaired surrogate at index " + bad);
    }
    return text;
  }

  private static Bytes readBytes(Type type, JsonNode node) {
    if (node.isBinary()) {
      try {
        return Bytes.of(node.binaryValue());
      } catch (IOException e) {
        throw new IllegalStateException("binary node without bytes", e);
      }
    }
    if (!node.isTextual()) {
      throw new ValueTypeException("", "bytes (a base64 string)", describe(node));
    }
    try {
      return Bytes.fromBase64(node.textValue());
    } catch (IllegalArgumentException e) {
      throw new ValueTypeException(
          "", "bytes (a base64 string)", describe(node) + " (not valid base64)");
    }
  }

  private static Object readList(ListType type, JsonNode node) {
    if (!node.isArray()) {
      throw mismatch(type, node);
    }
    var list = new ArrayList<Object>(node.size());
    for (int i = 0; i < node.size(); i++) {
      try {
        list.add(read(type.element(), node.get(i)));
      } catch (ValueTypeException e) {
        throw e.under("[" + i + "]");
      }
    }
    return Collections.unmodifiableList(list);
  }

  private static StructValue readStruct(StructType type, JsonNode node) {
    if (!node.isObject()) {
      throw mismatch(type, node);
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      var name = names.next();
      if (type.fieldIndex(name) < 0) {
        throw new ValueTypeException("", type.toString(), "unknown field '" + name + "'");
      }
    }
    var fields = type.fields();
    var values = new Object[fields.size()];
    for (int i = 0; i < values.length; i++) {
      var field = fields.get(i);
      var fieldNode = node.get(field.name());
      if (fieldNode == null && field.type().kind() != Type.Kind.OPTION) {
        throw new ValueTypeException(field.name(), field.type().toString(), "nothing (missing)");
      }
      try {
        values[i] = read(field.type(), fieldNode);
      } catch (ValueTypeException e) {
        throw e.under(field.name());
      }
    }
    return new StructValue(Arrays.asList(values));
  }

  private static Object readEnum(EnumType type, JsonNode node) {
    if (!node.isTextual()) {
      throw mismatch(type, node);
    }
    int index = type.indexOf(node.textValue());
    if (index < 0) {
      throw new ValueTypeException(
          "", "one of " + String.join(", ", type.variants()), describe(node));
    }
    return type.value(index);
  }

  static ValueTypeException mismatch(Type type, JsonNode node) {
    return new ValueTypeException("", type.toString(), describe(node));
  }

  private static ValueTypeException outOfRange(Type type, JsonNode node) {
    return new ValueTypeException("", type.toString(), describe(node) + " (out of range)");
  }

  /** A short description of a JSON node: {@code string "x"}, {@code number 3}, {@code null}. */
  static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    if (node.isNull()) {
      return "null";
    }
    if (node.isTextual()) {
      return "string " + Values.quote(node.textValue());
    }
    if (node.isNumber()) {
      var number = node.numberValue().toString();
      return "number "
          + (number.length() <= MAX_NUMBER_CHARS
              ? number
              : number.substring(0, MAX_NUMBER_CHARS) + "… (" + number.length() + " chars)");
    }
    if (node.isBoolean()) {
      return "boolean " + node.booleanValue();
    }
    if (node.isArray()) {
      return "array of " + node.size() + " elements";
    }
    if (node.isObject()) {
      return "object";
    }
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
