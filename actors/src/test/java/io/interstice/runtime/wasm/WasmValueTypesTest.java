package io.interstice.runtime.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.runtime.CallFailedException;
import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.node.IntersticeNode;
import io.interstice.sdk.schema.ColumnSchema;
import io.interstice.sdk.schema.ParamSchema;
import io.interstice.sdk.value.EnumType;
import io.interstice.sdk.value.StructType;
import io.interstice.sdk.value.StructValue;
import io.interstice.sdk.value.Type;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The C SDK's test module ({@code modules/wasm-sdk/c/test/types.c}) on a real node: f32, f64,
 * lists, options, enums and structs written and read by the guest, called with Java values and
 * JSON, refused when mistyped, and recovered from the log.
 */
class WasmValueTypesTest {
  private static final Path TYPES_WASM =
      Path.of("..", "modules", "wasm-sdk", "c", "test", "types.wasm");
  private static final EnumType COLOR = Type.enumOf("red", "green", "blue");
  private static final StructType ORIGIN =
      Type.struct(Type.field("x", Type.f32()), Type.field("label", Type.option(Type.string())));
  private static final int CANONICAL_F32_NAN = 0x7fc00000;
  private static final long CANONICAL_F64_NAN = 0x7ff8000000000000L;

  /** Thing 1 of {@link #putOddAndPlain}: the floats that are easy to lose. */
  private static final List<Object> ODD =
      thing(
          1,
          Float.NaN,
          -0.0,
          List.of(Double.NaN, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY),
          null,
          "red",
          List.of(),
          origin(Float.NEGATIVE_INFINITY, null));

  /** Thing 2 of {@link #putOddAndPlain}. */
  private static final List<Object> PLAIN =
      thing(
          2,
          Float.MIN_VALUE,
          Double.MAX_VALUE,
          List.of(),
          "",
          "blue",
          List.of(),
          origin(-0.0f, "é"));

  @TempDir Path dir;

  private static IntersticeNode startWithTypes(Path dataDir) throws IOException {
    var node = IntersticeNode.builder().dataDir(dataDir).start();
    node.deployWasm(Files.readAllBytes(TYPES_WASM));
    return node;
  }

  private static StructValue origin(float x, String label) {
    return StructValue.of(x, label);
  }

  /** A row of things, in column order. */
  private static List<Object> thing(
      long id,
      float ratio,
      double amount,
      List<Double> scores,
      String note,
      String color,
      List<String> history,
      StructValue origin) {
    var colors = history.stream().map(COLOR::value).toList();
    return Arrays.asList(id, ratio, amount, scores, note, COLOR.value(color), colors, origin);
  }

  private static List<List<Object>> rows(IntersticeNode node) {
    var rows = new ArrayList<List<Object>>();
    for (var row : node.rows("types", "things")) {
      rows.add(Arrays.asList(row));
    }
    return rows;
  }

  private static List<Double> longList(int size) {
    return IntStream.range(0, size).mapToObj(i -> i * 0.25 - 100).toList();
  }

  /** Puts thing 1 with the odd floats and thing 2 with the plain ones. */
  private static void putOddAndPlain(IntersticeNode node) {
    node.call(
        "types",
        "put",
        1L,
        Float.NaN,
        -0.0,
        List.of(Double.NaN, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY),
        null,
        COLOR.value("red"),
        origin(Float.NEGATIVE_INFINITY, null));
    node.call(
        "types",
        "put",
        2L,
        Float.MIN_VALUE,
        Double.MAX_VALUE,
        List.of(),
        "",
        COLOR.value("blue"),
        origin(-0.0f, "é"));
  }

  private static void assertCanonicalNans(List<Object> row) {
    assertEquals(CANONICAL_F32_NAN, Float.floatToRawIntBits((Float) row.get(1)), "ratio");
    var firstScore = (Double) ((List<?>) row.get(3)).get(0);
    assertEquals(CANONICAL_F64_NAN, Double.doubleToRawLongBits(firstScore), "scores[0]");
  }

  @Test
  void shouldDescribeEveryColumnTypeWrittenByTheSchemaHelpers() throws IOException {
    try (var node = startWithTypes(dir)) {
      var schema = node.schema("types");
      var things = schema.table("things").orElseThrow();
      var scores = Type.list(Type.f64());
      var note = Type.option(Type.string());
      assertEquals(
          List.of(
              ColumnSchema.of("id", Type.i64()),
              ColumnSchema.of("ratio", Type.f32()),
              ColumnSchema.of("amount", Type.f64()),
              ColumnSchema.of("scores", scores),
              ColumnSchema.of("note", note),
              new ColumnSchema("color", COLOR, COLOR.value("red")),
              ColumnSchema.of("history", Type.list(COLOR)),
              ColumnSchema.of("origin", ORIGIN)),
          things.columns());
      var thingType =
          Type.struct(
              things.columns().stream()
                  .map(column -> Type.field(column.name(), column.type()))
                  .toArray(StructType.Field[]::new));
      assertEquals(Type.list(thingType), schema.query("all").orElseThrow().resultType());
      assertEquals(Type.option(thingType), schema.query("find").orElseThrow().resultType());
      assertEquals(
          List.of(
              new ParamSchema("id", Type.i64()),
              new ParamSchema("ratio", Type.f32()),
              new ParamSchema("amount", Type.f64()),
              new ParamSchema("scores", scores),
              new ParamSchema("note", note),
              new ParamSchema("color", COLOR),
              new ParamSchema("origin", ORIGIN)),
          schema.reducer("put").orElseThrow().params());
    }
  }

  @Test
  void shouldStoreNanNegativeZeroAndInfinitiesExactly() throws IOException {
    try (var node = startWithTypes(dir)) {
      putOddAndPlain(node);
      var rows = rows(node);
      assertEquals(List.of(ODD, PLAIN), rows);
      assertCanonicalNans(rows.get(0));
      var all = (List<?>) node.query("types", "all");
      assertEquals(List.of(new StructValue(ODD), new StructValue(PLAIN)), all);
      assertCanonicalNans(((StructValue) all.get(0)).fields());
      assertEquals(new StructValue(PLAIN), node.query("types", "find", 2L));
      assertNull(node.query("types", "find", 3L));
    }
  }

  @Test
  void shouldChangeEveryKindOfValueAndCycleThroughTheEnum() throws IOException {
    try (var node = startWithTypes(dir)) {
      putOddAndPlain(node);
      node.call("types", "change", 1L, 1.5);
      node.call("types", "change", 2L, Double.NaN);
      var negatedNan = rows(node).get(0);
      // the guest negates NaN, which flips its sign bit; it must still write the canonical NaN
      assertCanonicalNans(negatedNan);
      node.call("types", "change", 2L, -0.0);
      node.call("types", "change", 2L, Double.NEGATIVE_INFINITY);
      var changedOdd =
          thing(
              1,
              Float.NaN,
              0.0,
              List.of(Double.NaN, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.5),
              "changed",
              "green",
              List.of("red"),
              origin(Float.POSITIVE_INFINITY, null));
      var changedPlain =
          thing(
              2,
              -Float.MIN_VALUE,
              -Double.MAX_VALUE,
              List.of(Double.NaN, -0.0, Double.NEGATIVE_INFINITY),
              null,
              "blue",
              List.of("blue", "red", "green"),
              origin(0.0f, "é"));
      assertEquals(List.of(changedOdd, changedPlain), rows(node));
    }
  }

  @Test
  void shouldKeepEmptyAndLongLists() throws IOException {
    var thousand = longList(1000);
    try (var node = startWithTypes(dir)) {
      node.call(
          "types", "put", 1L, 1f, 1.0, thousand, "long", COLOR.value("green"), origin(1f, "a"));
      node.call("types", "put", 2L, 2f, 2.0, List.of(), null, COLOR.value("red"), origin(2f, "b"));
      node.call("types", "change", 1L, 42.0);
      node.call("types", "change", 2L, 43.0);
      var longer = new ArrayList<>(thousand);
      longer.add(42.0);
      assertEquals(
          List.of(
              thing(1, -1f, -1.0, longer, null, "blue", List.of("green"), origin(-1f, "a")),
              thing(
                  2,
                  -2f,
                  -2.0,
                  List.of(43.0),
                  "changed",
                  "green",
                  List.of("red"),
                  origin(-2f, "b"))),
          rows(node));
    }
  }

  @Test
  void shouldTakeEveryTypeAsJson() throws IOException {
    var scores = longList(300);
    var scoresJson =
        scores.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
    try (var node = startWithTypes(dir)) {
      node.callJson(
          "types", "put", "[1, 0.1, -0.0, " + scoresJson + ", \"n\", \"blue\", {\"x\": 2}]");
      node.callJson(
          "types", "put", "[2, -0.0, 1e300, [], null, \"green\", {\"x\": -0.0, \"label\": \"l\"}]");
      node.callJson("types", "change", "[2, -2.5]");
      assertEquals(
          List.of(
              thing(1, 0.1f, -0.0, scores, "n", "blue", List.of(), origin(2f, null)),
              thing(
                  2,
                  0.0f,
                  -1e300,
                  List.of(-2.5),
                  "changed",
                  "blue",
                  List.of("green"),
                  origin(0.0f, "l"))),
          rows(node));
    }
  }

  @Test
  void shouldRefuseWronglyTypedArgumentsAndChangeNothing() throws IOException {
    try (var node = startWithTypes(dir)) {
      putOddAndPlain(node);
      var before = rows(node);
      long lastTx = node.describe("types").lastTxId();
      var red = COLOR.value("red");
      List<Executable> calls =
          List.of(
              () -> node.call("types", "put", 3L, 1.0, 1.0, List.of(), null, red, origin(1f, null)),
              () ->
                  node.call("types", "put", 3L, 1f, 1.0, List.of(), null, "red", origin(1f, null)),
              () ->
                  node.call("types", "put", 3L, 1f, 1.0, List.of(1f), null, red, origin(1f, null)),
              () ->
                  node.call("types", "put", 3L, 1f, 1.0, List.of(), null, red, StructValue.of(1f)),
              () -> node.call("types", "put", 3L, 1f, 1.0, List.of(), null, red),
              () -> node.call("types", "change", 1, 1.0),
              () -> node.callJson("types", "put", "[3, 1, 1, [], null, \"purple\", {\"x\": 1}]"),
              () -> node.callJson("types", "put", "[3, 1e39, 1, [], null, \"red\", {\"x\": 1}]"),
              () -> node.callJson("types", "put", "[3, 1, 1, [\"x\"], null, \"red\", {\"x\": 1}]"),
              () -> node.callJson("types", "put", "[3, 1, 1, [], null, 0, {\"x\": 1}]"),
              () ->
                  node.callJson(
                      "types", "put", "[3, 1, 1, [], null, \"red\", {\"x\": 1, \"y\": 2}]"),
              () -> node.callJson("types", "change", "[1, \"NaN\"]"),
              () -> node.callJson("types", "change", "[1]"));
      for (var call : calls) {
        var refused = assertThrows(CallFailedException.class, call);
        assertEquals(ErrorKind.BAD_ARGUMENTS, refused.kind(), refused.getMessage());
      }
      assertEquals(before, rows(node));
      assertEquals(lastTx, node.describe("types").lastTxId(), "no transaction committed");
    }
  }

  @Test
  void shouldPassRefusalsOfTheModuleToTheCaller() throws IOException {
    try (var node = startWithTypes(dir)) {
      putOddAndPlain(node);
      var missing =
          assertThrows(CallFailedException.class, () -> node.call("types", "change", 9L, 1.0));
      assertEquals(ErrorKind.REDUCER_FAILED, missing.kind());
      assertEquals("no thing 9", missing.getMessage());
      var taken =
          assertThrows(
              CallFailedException.class,
              () -> node.callJson("types", "put", "[1, 1, 1, [], null, \"red\", {\"x\": 1}]"));
      assertEquals(ErrorKind.REDUCER_FAILED, taken.kind());
      assertEquals(List.of(ODD, PLAIN), rows(node));
    }
  }

  @Test
  void shouldRecoverEveryValueAfterARestart() throws IOException {
    List<List<Object>> stored;
    try (var node = startWithTypes(dir)) {
      putOddAndPlain(node);
      node.call("types", "change", 2L, 7.0);
      stored = rows(node);
    }
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      var recovered = rows(node);
      assertEquals(stored, recovered);
      assertCanonicalNans(recovered.get(0));
      node.call("types", "change", 1L, -7.0);
      var changed = (StructValue) node.query("types", "find", 1L);
      assertEquals(COLOR.value("green"), changed.get(5));
      assertEquals(List.of(COLOR.value("red")), changed.get(6));
      assertTrue(((List<?>) changed.get(3)).contains(-7.0));
    }
  }
}
