package io.interstice.sdk.value;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValuesTest {
  private static final EnumType COLOR = Type.enumOf("red", "green", "blue");
  private static final StructType MONEY =
      Type.struct(Type.field("amount", Type.i64()), Type.field("memo", Type.option(Type.string())));

  @Test
  void shouldAcceptAValueOfEveryType() {
    assertDoesNotThrow(
        () -> {
          Values.check(Type.bool(), true);
          Values.check(Type.i32(), 1);
          Values.check(Type.i64(), 1L);
          Values.check(Type.f32(), 1f);
          Values.check(Type.f64(), Double.NaN);
          Values.check(Type.string(), "😀");
          Values.check(Type.bytes(), Bytes.empty());
          Values.check(Type.option(Type.i32()), null);
          Values.check(Type.option(Type.i32()), 3);
          Values.check(Type.list(Type.option(Type.i32())), Arrays.asList(1, null));
          Values.check(MONEY, StructValue.of(5L, null));
          Values.check(COLOR, COLOR.value("blue"));
        });
  }

  @Test
  void shouldRefuseAWrongJavaClassNamingExpectedAndFound() {
    var error = assertThrows(ValueTypeException.class, () -> Values.check(Type.i64(), 5));
    assertEquals("expected i64, found Integer 5", error.getMessage());
    assertEquals("", error.path());
    assertEquals("i64", error.expected());
    assertEquals("Integer 5", error.found());
  }

  @Test
  void shouldRefuseNullOutsideAnOption() {
    var error =
        assertThrows(
            ValueTypeException.class, () -> Values.check(Type.string(), null, "accounts.owner"));
    assertEquals("accounts.owner: expected string, found null", error.getMessage());
  }

  @Test
  void shouldNameThePathOfANestedMismatch() {
    var list = List.of(StructValue.of(1L, null), StructValue.of(2L, 7));
    var error =
        assertThrows(
            ValueTypeException.class,
            () -> Values.check(Type.list(MONEY), list, "transfer.args[1]"));
    assertEquals(
        "transfer.args[1][1].memo: expected option<string>, found Integer 7", error.getMessage());
  }

  @Test
  void shouldRefuseAStructWithTheWrongFieldCount() {
    var error =
        assertThrows(ValueTypeException.class, () -> Values.check(MONEY, StructValue.of(1L)));
    assertTrue(error.getMessage().startsWith("expected 2 struct fields"), error.getMessage());
  }

  @Test
  void shouldRefuseAnEnumValueWhoseNameIsNotTheVariantAtItsIndex() {
    var error =
        assertThrows(
            ValueTypeException.class, () -> Values.check(COLOR, new EnumValue(0, "green")));
    assertEquals(
        "expected a variant of enum{red, green, blue}, found variant 0 (green)",
        error.getMessage());
    assertThrows(ValueTypeException.class, () -> Values.check(COLOR, new EnumValue(3, "x")));
  }

  @Test
  void shouldRefuseAStringWithAnUnpairedSurrogate() {
    var error =
        assertThrows(ValueTypeException.class, () -> Values.check(Type.string(), "a\uD800b"));
    assertEquals(
        "expected string, found a string with an unpaired surrogate at index 1",
        error.getMessage());
  }

  @Test
  void shouldDescribeJavaValuesForMessages() {
    assertEquals("String \"x\"", Values.describe("x"));
    assertEquals("java.util.Date", Values.describe(new java.util.Date()));
    assertEquals("list of 0 elements", Values.describe(new ArrayList<>()));
    assertTrue(Values.describe("y".repeat(100)).endsWith("…\" (100 chars)"));
  }

  @Test
  void shouldOrderNoneFirst() {
    var type = Type.option(Type.i32());
    assertTrue(Values.compare(type, null, Integer.MIN_VALUE) < 0);
    assertTrue(Values.compare(type, 1, null) > 0);
    assertEquals(0, Values.compare(type, null, null));
  }

  @Test
  void shouldOrderNumbersNumerically() {
    assertTrue(Values.compare(Type.i32(), -1, 1) < 0);
    assertTrue(Values.compare(Type.i64(), Long.MIN_VALUE, Long.MAX_VALUE) < 0);
    assertTrue(Values.compare(Type.f32(), -0.0f, 0.0f) < 0);
    assertTrue(Values.compare(Type.f64(), Double.POSITIVE_INFINITY, Double.NaN) < 0);
    assertTrue(Values.compare(Type.bool(), false, true) < 0);
  }

  @Test
  void shouldOrderStringsByCodePointNotUtf16Unit() {
    // U+FF5E is a BMP char above the surrogates; U+1F600 is stored as surrogates D83D DE00
    assertTrue("\uFF5E".compareTo("😀") > 0, "String.compareTo puts the BMP char last");
    assertTrue(Values.compare(Type.string(), "\uFF5E", "😀") < 0);
    assertTrue(Values.compare(Type.string(), "ab", "abc") < 0);
    assertTrue(Values.compare(Type.string(), "B", "a") < 0);
  }

  @Test
  void shouldOrderBytesListsStructsAndEnums() {
    assertTrue(
        Values.compare(Type.bytes(), Bytes.of(new byte[] {1}), Bytes.of(new byte[] {(byte) 0xFF}))
            < 0);
    var list = Type.list(Type.i32());
    assertTrue(Values.compare(list, List.of(1, 2), List.of(1, 3)) < 0);
    assertTrue(Values.compare(list, List.of(1), List.of(1, 0)) < 0);
    assertTrue(Values.compare(list, List.of(), List.of(0)) < 0);
    assertTrue(Values.compare(MONEY, StructValue.of(1L, "z"), StructValue.of(2L, "a")) < 0);
    assertTrue(Values.compare(MONEY, StructValue.of(1L, null), StructValue.of(1L, "a")) < 0);
    assertTrue(Values.compare(COLOR, COLOR.value("red"), COLOR.value("blue")) < 0);
  }

  @Test
  void shouldSortWithTheComparatorOfAType() {
    var sorted = new ArrayList<Object>(Arrays.asList(3L, null, -2L));
    sorted.sort(Values.comparator(Type.option(Type.i64())));
    assertEquals(Arrays.asList(null, -2L, 3L), sorted);
  }

  @Test
  void shouldGiveAValidZeroValueOfEveryType() {
    var types =
        List.of(
            Type.bool(),
            Type.i32(),
            Type.i64(),
            Type.f32(),
            Type.f64(),
            Type.string(),
            Type.bytes(),
            Type.option(Type.i64()),
            Type.list(MONEY),
            MONEY,
            COLOR);
    var zeros = new ArrayList<Object>();
    for (var type : types) {
      var zero = Values.zero(type);
      Values.check(type, zero);
      zeros.add(zero);
    }

    assertEquals(
        Arrays.asList(
            false,
            0,
            0L,
            0.0f,
            0.0,
            "",
            Bytes.empty(),
            null,
            List.of(),
            StructValue.of(0L, null),
            COLOR.value("red")),
        zeros);
  }
}
