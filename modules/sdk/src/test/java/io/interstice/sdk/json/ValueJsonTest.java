package io.interstice.sdk.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DoubleNode;
import io.interstice.sdk.schema.ParamSchema;
import io.interstice.sdk.schema.TableSchema;
import io.interstice.sdk.value.Bytes;
import io.interstice.sdk.value.EnumType;
import io.interstice.sdk.value.StructType;
import io.interstice.sdk.value.StructValue;
import io.interstice.sdk.value.Type;
import io.interstice.sdk.value.ValueTypeException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final EnumType COLOR = Type.enumOf("red", "green");
  private static final StructType MONEY =
      Type.struct(Type.field("amount", Type.i64()), Type.field("memo", Type.option(Type.string())));
  private static final List<ParamSchema> TRANSFER =
      List.of(
          ParamSchema.of("from", Type.i64()),
          ParamSchema.of("amount", Type.i64()),
          ParamSchema.of("memo", Type.option(Type.string())));

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  /** Writes the value, prints the JSON text, parses it again and reads the value back. */
  private static String roundTrip(Type type, Object value) {
    var text = ValueJson.toJson(type, value).toString();
    assertEquals(value, ValueJson.fromJson(type, json(text)), text);
    return text;
  }

  private static String readError(Type type, String text) {
    return assertThrows(ValueTypeException.class, () -> ValueJson.fromJson(type, json(text)))
        .getMessage();
  }

  @Test
  void shouldRoundTripEveryTypeThroughJsonText() {
    assertEquals("true", roundTrip(Type.bool(), true));
    assertEquals("-2147483648", roundTrip(Type.i32(), Integer.MIN_VALUE));
    assertEquals("9223372036854775807", roundTrip(Type.i64(), Long.MAX_VALUE));
    assertEquals("0.1", roundTrip(Type.f32(), 0.1f));
    assertEquals("-1.5E300", roundTrip(Type.f64(), -1.5e300));
    assertEquals("\"ünï 😀\"", roundTrip(Type.string(), "ünï 😀"));
    assertEquals("\"\"", roundTrip(Type.string(), ""));
    assertEquals("\"AQL/\"", roundTrip(Type.bytes(), Bytes.of(new byte[] {1, 2, (byte) 0xFF})));
    assertEquals("null", roundTrip(Type.option(Type.i32()), null));
    assertEquals("[1,null]", roundTrip(Type.list(Type.option(Type.i32())), Arrays.asList(1, null)));
    assertEquals("[]", roundTrip(Type.list(Type.i32()), List.of()));
    assertEquals("{\"amount\":5,\"memo\":null}", roundTrip(MONEY, StructValue.of(5L, null)));
    assertEquals("\"green\"", roundTrip(COLOR, COLOR.value("green")));
  }

  @Test
  void shouldReadAMissingOptionFieldAsNone() {
    assertEquals(StructValue.of(5L, null), ValueJson.fromJson(MONEY, json("{\"amount\":5}")));
  }

  @Test
  void shouldWriteNonFiniteFloatsAsStringsAndRefuseThemOnInput() {
    assertEquals("\"NaN\"", ValueJson.toJson(Type.f64(), Double.NaN).toString());
    assertEquals("\"-Infinity\"", ValueJson.toJson(Type.f32(), Float.NEGATIVE_INFINITY).toString());
    assertEquals("expected f64, found string \"NaN\"", readError(Type.f64(), "\"NaN\""));
    assertEquals(
        "expected f64 (a finite number), found number NaN",
        assertThrows(
                ValueTypeException.class,
                () -> ValueJson.fromJson(Type.f64(), DoubleNode.valueOf(Double.NaN)))
            .getMessage());
  }

  @Test
  void shouldRefuseNumbersOutOfRange() {
    assertEquals(
        "expected i32, found number 3000000000 (out of range)",
        readError(Type.i32(), "3000000000"));
    assertEquals(
        "expected i64, found number 9223372036854775808 (out of range)",
        readError(Type.i64(), "9223372036854775808"));
    assertEquals("expected f32, found number 1.0E39 (out of range)", readError(Type.f32(), "1e39"));
    assertEquals(
        "expected f64, found number " + "1" + "0".repeat(39) + "… (401 chars) (out of range)",
        readError(Type.f64(), "1" + "0".repeat(400)));
  }

  @Test
  void shouldRefuseFractionsAndStringsForIntegers() {
    assertEquals("expected i64, found number 1.5", readError(Type.i64(), "1.5"));
    assertEquals("expected i64, found number 1.0", readError(Type.i64(), "1.0"));
    assertEquals("expected i32, found string \"1\"", readError(Type.i32(), "\"1\""));
    assertEquals("expected bool, found number 1", readError(Type.bool(), "1"));
    assertEquals("expected string, found number 1", readError(Type.string(), "1"));
    assertEquals("expected i32, found null", readError(Type.i32(), "null"));
  }

  @Test
  void shouldRefuseBadBase64() {
    assertEquals(
        "expected bytes (a base64 string), found string \"***\" (not valid base64)",
        readError(Type.bytes(), "\"***\""));
    assertEquals(
        "expected bytes (a base64 string), found array of 0 elements",
        readError(Type.bytes(), "[]"));
  }

  @Test
  void shouldRefuseUnknownEnumVariantsAndStructFields() {
    assertEquals("expected one of red, green, found string \"blue\"", readError(COLOR, "\"blue\""));
    assertEquals(
        "expected struct{amount: i64, memo: option<string>}, found unknown field 'extra'",
        readError(MONEY, "{\"amount\":1,\"extra\":2}"));
    assertEquals("amount: expected i64, found nothing (missing)", readError(MONEY, "{}"));
    assertEquals(
        "expected struct{amount: i64, memo: option<string>}, found array of 0 elements",
        readError(MONEY, "[]"));
  }

  @Test
  void shouldNameThePathOfNestedErrors() {
    var type = Type.list(MONEY);
    assertEquals(
        "[1].memo: expected option<string>, found number 3",
        readError(type, "[{\"amount\":1},{\"amount\":2,\"memo\":3}]"));
    assertEquals(
        "expected list<struct{amount: i64, memo: option<string>}>, found object",
        readError(type, "{}"));
  }

  @Test
  void shouldRefuseAStringWithAnUnpairedSurrogate() {
    assertEquals(
        "expected string, found a string with an unpaired surrogate at index 0",
        readError(Type.string(), "\"\\ud800\""));
  }

  @Test
  void shouldReadArgumentsFromAJsonArray() {
    var args = ValueJson.readArgs(TRANSFER, json("[1, 250, \"rent\"]"));
    assertArrayEquals(new Object[] {1L, 250L, "rent"}, args);
    assertEquals("[1,250,\"rent\"]", ValueJson.writeArgs(TRANSFER, args).toString());
  }

  @Test
  void shouldNameTheArgumentThatIsWrong() {
    var error =
        assertThrows(
            ValueTypeException.class, () -> ValueJson.readArgs(TRANSFER, json("[1, \"x\", null]")));
    assertEquals("argument 2 (amount): expected i64, found string \"x\"", error.getMessage());
    assertEquals("argument 2 (amount)", error.path());
  }

  @Test
  void shouldRefuseTheWrongNumberOfArguments() {
    var error =
        assertThrows(ValueTypeException.class, () -> ValueJson.readArgs(TRANSFER, json("[1, 2]")));
    assertEquals(
        "arguments: expected 3 arguments (from: i64, amount: i64, memo: option<string>), found 2",
        error.getMessage());
    var notArray =
        assertThrows(ValueTypeException.class, () -> ValueJson.readArgs(TRANSFER, json("{}")));
    assertEquals(
        "arguments: expected a JSON array of 3 arguments (from: i64, amount: i64, memo:"
            + " option<string>), found object",
        notArray.getMessage());
  }

  @Test
  void shouldRefuseToWriteAValueOfTheWrongType() {
    var error =
        assertThrows(
            ValueTypeException.class,
            () -> ValueJson.writeArgs(TRANSFER, new Object[] {1L, 2, null}));
    assertEquals("argument 2 (amount): expected i64, found Integer 2", error.getMessage());
    assertThrows(ValueTypeException.class, () -> ValueJson.toJson(Type.i32(), "x"));
  }

  @Test
  void shouldMapRowsToObjectsByColumnName() {
    var table =
        TableSchema.builder("accounts")
            .column("id", Type.i64())
            .column("owner", Type.string())
            .column("nickname", Type.option(Type.string()))
            .primaryKey("id")
            .build();
    var row = new Object[] {7L, "al", null};
    var object = ValueJson.rowToJson(table, row);
    assertEquals("{\"id\":7,\"owner\":\"al\",\"nickname\":null}", object.toString());
    assertArrayEquals(row, ValueJson.rowFromJson(table, json("{\"id\":7,\"owner\":\"al\"}")));
    assertEquals(
        "accounts.owner: expected string, found boolean true",
        assertThrows(
                ValueTypeException.class,
                () -> ValueJson.rowFromJson(table, json("{\"id\":7,\"owner\":true}")))
            .getMessage());
    assertEquals(
        "accounts: expected a column of the table, found unknown column 'age'",
        assertThrows(
                ValueTypeException.class,
                () -> ValueJson.rowFromJson(table, json("{\"id\":7,\"owner\":\"a\",\"age\":3}")))
            .getMessage());
  }

  @Test
  void shouldPrefixAGivenPath() {
    var error =
        assertThrows(
            ValueTypeException.class,
            () -> ValueJson.fromJson(Type.i32(), json("\"x\""), "transfer.args[1]"));
    assertEquals("transfer.args[1]: expected i32, found string \"x\"", error.getMessage());
    assertNull(ValueJson.fromJson(Type.option(Type.i32()), null, "x"));
  }
}
