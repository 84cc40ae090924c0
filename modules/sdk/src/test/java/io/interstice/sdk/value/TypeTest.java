package io.interstice.sdk.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TypeTest {

  @Test
  void shouldShowTypesByTheirSchemaNames() {
    assertEquals("i64", Type.i64().toString());
    assertEquals("option<string>", Type.option(Type.string()).toString());
    assertEquals("list<list<bytes>>", Type.list(Type.list(Type.bytes())).toString());
    assertEquals(
        "struct{amount: i64, memo: option<string>}",
        Type.struct(
                Type.field("amount", Type.i64()), Type.field("memo", Type.option(Type.string())))
            .toString());
    assertEquals("enum{red, green}", Type.enumOf("red", "green").toString());
  }

  @Test
  void shouldCompareTypesStructurally() {
    assertEquals(Type.list(Type.i32()), Type.list(Type.i32()));
    assertEquals(
        Type.struct(Type.field("a", Type.bool())), Type.struct(Type.field("a", Type.bool())));
    assertNotEquals(
        Type.struct(Type.field("a", Type.bool())), Type.struct(Type.field("b", Type.bool())));
    assertEquals(ScalarType.of(Type.Kind.F32), Type.f32());
  }

  @Test
  void shouldTellScalarKindsApart() {
    assertTrue(Type.Kind.BYTES.isScalar());
    assertFalse(Type.Kind.OPTION.isScalar());
    assertThrows(InvalidTypeException.class, () -> ScalarType.of(Type.Kind.LIST));
  }

  @Test
  void shouldRefuseAnOptionOfAnOption() {
    var error =
        assertThrows(InvalidTypeException.class, () -> Type.option(Type.option(Type.i32())));
    assertTrue(error.getMessage().startsWith("option<option<i32>> is not allowed"));
  }

  @Test
  void shouldRefuseEmptyStructsAndEnums() {
    assertEquals(
        "a struct needs at least one field",
        assertThrows(InvalidTypeException.class, () -> new StructType(List.of())).getMessage());
    assertEquals(
        "an enum needs at least one variant",
        assertThrows(InvalidTypeException.class, () -> Type.enumOf()).getMessage());
  }

  @Test
  void shouldRefuseDuplicateFieldAndVariantNames() {
    assertEquals(
        "duplicate struct field name a",
        assertThrows(
                InvalidTypeException.class,
                () -> Type.struct(Type.field("a", Type.i32()), Type.field("a", Type.i64())))
            .getMessage());
    assertEquals(
        "duplicate enum variant red",
        assertThrows(InvalidTypeException.class, () -> Type.enumOf("red", "red")).getMessage());
  }

  @Test
  void shouldFindFieldsAndVariantsByName() {
    var struct = Type.struct(Type.field("a", Type.i32()), Type.field("b", Type.string()));
    assertEquals(1, struct.fieldIndex("b"));
    assertEquals(-1, struct.fieldIndex("c"));
    assertEquals(List.of(Type.i32(), Type.string()), struct.fieldTypes());
    var colors = Type.enumOf("red", "green");
    assertEquals(new EnumValue(1, "green"), colors.value("green"));
    assertEquals(new EnumValue(0, "red"), colors.value(0));
    assertThrows(InvalidTypeException.class, () -> colors.value("blue"));
    assertThrows(InvalidTypeException.class, () -> colors.value(2));
  }
}
