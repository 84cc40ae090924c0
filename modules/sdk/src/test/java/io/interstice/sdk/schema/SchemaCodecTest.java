package io.interstice.sdk.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.sdk.codec.BinaryReader;
import io.interstice.sdk.codec.BinaryWriter;
import io.interstice.sdk.value.Bytes;
import io.interstice.sdk.value.StructValue;
import io.interstice.sdk.value.Type;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaCodecTest {
  private static final HexFormat HEX = HexFormat.of();

  private static ModuleSchema everyFeature() {
    var point = Type.struct(Type.field("x", Type.f32()), Type.field("y", Type.f64()));
    var color = Type.enumOf("red", "green");
    var table =
        TableSchema.builder("shapes")
            .column("id", Type.i32())
            .column("name", Type.string(), "unnamed")
            .column("points", Type.list(point), List.of(StructValue.of(1f, 2.0)))
            .column("color", Type.option(color))
            .column("blob", Type.bytes(), Bytes.of(new byte[] {1, 2}))
            .column("visible", Type.bool(), true)
            .column("weight", Type.i64())
            .primaryKey("id")
            .autoIncrement()
            .index("by_color", IndexKind.HASH, "color")
            .uniqueIndex("by_name_weight", IndexKind.BTREE, "name", "weight")
            .persistence(Persistence.EPHEMERAL)
            .visibility(Visibility.PRIVATE)
            .build();
    return ModuleSchema.builder("draw")
        .version(7)
        .visibility(Visibility.PRIVATE)
        .table(table)
        .table(ModuleSchemaTest.accounts())
        .reducer(ReducerSchema.of("add", ParamSchema.of("p", point)))
        .reducer(new ReducerSchema("migrate", List.of(), Visibility.PRIVATE, Lifecycle.UPGRADE))
        .query(
            QuerySchema.of(
                "find", Type.option(Type.list(color)), ParamSchema.of("n", Type.string())))
        .subscription(SubscriptionSchema.parse("paint.colors.update", "add"))
        .build();
  }

  @Test
  void shouldRoundTripASchemaWithEveryFeature() {
    var schema = everyFeature();
    assertEquals(List.of(), schema.validate());
    assertEquals(schema, SchemaCodec.decode(SchemaCodec.encode(schema)));
  }

  @Test
  void shouldRoundTripATableAndATypeEmbeddedInAnotherFormat() {
    var table = everyFeature().tables().get(0);
    var type = everyFeature().queries().get(0).resultType();
    var out = new BinaryWriter().u8(9);
    SchemaCodec.writeTable(out, table);
    SchemaCodec.writeType(out, type);
    var in = new BinaryReader(out.u8(9).toByteArray());
    assertEquals(9, in.u8());
    assertEquals(table, SchemaCodec.readTable(in));
    assertEquals(type, SchemaCodec.readType(in));
    assertEquals(9, in.u8());
    in.requireEnd("the test");
  }

  @Test
  void shouldRoundTripAnEmptyAndAnInvalidSchema() {
    var empty = ModuleSchema.builder("m").build();
    assertEquals(empty, SchemaCodec.decode(SchemaCodec.encode(empty)));
    var noKey =
        ModuleSchema.builder("m")
            .table(TableSchema.builder("t").column("a", Type.i32()).build())
            .build();
    assertEquals(noKey, SchemaCodec.decode(SchemaCodec.encode(noKey)));
  }

  @Test
  void shouldStartWithMagicAndVersion() {
    var bytes = SchemaCodec.encode(ModuleSchema.builder("m").build());
    assertEquals("49534348" + "0100" + "016d" + "01" + "00" + "00000000", HEX.formatHex(bytes));
  }

  @Test
  void shouldRefuseAnotherMagic() {
    var error =
        assertThrows(
            SchemaEncodingException.class, () -> SchemaCodec.decode(HEX.parseHex("4953544c0100")));
    assertEquals(
        "cannot decode module schema at offset 0: not an Interstice module schema (bad magic)",
        error.getMessage());
    assertThrows(SchemaEncodingException.class, () -> SchemaCodec.decode(new byte[0]));
  }

  @Test
  void shouldRefuseAnotherVersion() {
    var bytes = SchemaCodec.encode(ModuleSchema.builder("m").build());
    bytes[4] = 2;
    var error = assertThrows(SchemaEncodingException.class, () -> SchemaCodec.decode(bytes));
    assertEquals(
        "cannot decode module schema at offset 4: schema format version 2; this build reads"
            + " version 1",
        error.getMessage());
  }

  @Test
  void shouldRefuseEveryTruncation() {
    var bytes = SchemaCodec.encode(everyFeature());
    for (int length = 0; length < bytes.length; length++) {
      var cut = Arrays.copyOf(bytes, length);
      assertThrows(
          SchemaEncodingException.class, () -> SchemaCodec.decode(cut), "length " + length);
    }
  }

  @Test
  void shouldRefuseTrailingBytes() {
    var bytes = Arrays.copyOf(SchemaCodec.encode(ModuleSchema.builder("m").build()), 15);
    var error = assertThrows(SchemaEncodingException.class, () -> SchemaCodec.decode(bytes));
    assertEquals(
        "cannot decode module schema at offset 14: 1 trailing bytes after the schema",
        error.getMessage());
  }

  @Test
  void shouldRefuseUnknownCodes() {
    var bytes = SchemaCodec.encode(ModuleSchema.builder("m").build());
    bytes[9] = 5; // module visibility
    var error = assertThrows(SchemaEncodingException.class, () -> SchemaCodec.decode(bytes));
    assertEquals(
        "cannot decode module schema at offset 9: unknown visibility code 5", error.getMessage());
  }

  @Test
  void shouldRefuseTypesThatCannotExist() {
    // one query "q", no params, result option<option<bool>>
    var bytes =
        HEX.parseHex(
            "49534348"
                + "0100"
                + "016d"
                + "01"
                + "00"
                + "00"
                + "00"
                + "01"
                + "0171"
                + "00"
                + "080801"
                + "00");
    var error = assertThrows(SchemaEncodingException.class, () -> SchemaCodec.decode(bytes));
    assertTrue(
        error.getMessage().contains("option<option<bool>> is not allowed"), error.getMessage());
  }

  @Test
  void shouldRefuseTypesNestedTooDeeply() {
    var deep = "09".repeat(SchemaCodec.MAX_TYPE_DEPTH + 1) + "01";
    var bytes =
        HEX.parseHex(
            "49534348"
                + "0100"
                + "016d"
                + "01"
                + "00"
                + "00"
                + "00"
                + "01"
                + "0171"
                + "00"
                + deep
                + "00");
    var error = assertThrows(SchemaEncodingException.class, () -> SchemaCodec.decode(bytes));
    assertTrue(
        error.getMessage().endsWith("type nested deeper than 64 levels"), error.getMessage());
  }

  @Test
  void shouldRefuseToEncodeADefaultOfTheWrongType() {
    var schema =
        ModuleSchema.builder("m")
            .table(TableSchema.builder("t").column("a", Type.i32(), "zero").primaryKey("a").build())
            .build();
    var error = assertThrows(SchemaEncodingException.class, () -> SchemaCodec.encode(schema));
    assertTrue(error.getMessage().contains("table t, column a default"), error.getMessage());
    assertTrue(
        error.getMessage().contains("expected i32, found String \"zero\""), error.getMessage());
  }
}
