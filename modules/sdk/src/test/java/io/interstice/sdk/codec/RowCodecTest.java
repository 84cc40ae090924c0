package io.interstice.sdk.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.sdk.schema.TableSchema;
import io.interstice.sdk.value.Bytes;
import io.interstice.sdk.value.EnumType;
import io.interstice.sdk.value.StructType;
import io.interstice.sdk.value.StructValue;
import io.interstice.sdk.value.Type;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowCodecTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final EnumType COLOR = Type.enumOf("red", "green", "blue");
  private static final StructType POINT =
      Type.struct(Type.field("x", Type.i32()), Type.field("y", Type.option(Type.string())));
  private static final TableSchema ACCOUNTS =
      TableSchema.builder("accounts")
          .column("id", Type.i64())
          .column("owner", Type.string())
          .column("balance", Type.option(Type.i64()))
          .primaryKey("id")
          .build();

  private static Object roundTrip(Type type, Object value) {
    var decoded = RowCodec.decodeValue(type, RowCodec.encodeValue(type, value));
    assertEquals(value, decoded, () -> type + " " + value);
    return decoded;
  }

  private static String hex(Type type, Object value) {
    return HEX.formatHex(RowCodec.encodeValue(type, value));
  }

  @Test
  void shouldEncodeTheDocumentedExampleRow() {
    var bytes = RowCodec.encodeRow(ACCOUNTS, new Object[] {1L, "al", null});
    assertEquals("0100000000000000" + "02616c" + "00", HEX.formatHex(bytes));
    assertArrayEquals(new Object[] {1L, "al", null}, RowCodec.decodeRow(ACCOUNTS, bytes));
  }

  @Test
  void shouldEncodeScalarsLittleEndianWithFixedWidths() {
    assertEquals("00", hex(Type.bool(), false));
    assertEquals("01", hex(Type.bool(), true));
    assertEquals("78563412", hex(Type.i32(), 0x12345678));
    assertEquals("ffffffff", hex(Type.i32(), -1));
    assertEquals("0807060504030201", hex(Type.i64(), 0x0102030405060708L));
    assertEquals("0000803f", hex(Type.f32(), 1.0f));
    assertEquals("000000000000f03f", hex(Type.f64(), 1.0));
    assertEquals("0000c07f", hex(Type.f32(), Float.intBitsToFloat(0x7fc00001)));
  }

  @Test
  void shouldEncodeVariableLengthValuesWithVarintPrefixes() {
    assertEquals("00", hex(Type.string(), ""));
    assertEquals("02c3a9", hex(Type.string(), "é"));
    assertEquals("0401020304", hex(Type.bytes(), Bytes.of(new byte[] {1, 2, 3, 4})));
    assertEquals("0101000000", hex(Type.option(Type.i32()), 1));
    assertEquals("00", hex(Type.option(Type.i32()), null));
    assertEquals("020100000002000000", hex(Type.list(Type.i32()), List.of(1, 2)));
    assertEquals("0700000000", hex(POINT, StructValue.of(7, null)));
    assertEquals("02", hex(COLOR, COLOR.value("blue")));
    assertEquals("8001" + "61".repeat(128), hex(Type.string(), "a".repeat(128)));
  }

  @Test
  void shouldRoundTripEdgeValuesOfEveryScalar() {
    roundTrip(Type.bool(), true);
    roundTrip(Type.bool(), false);
    for (int value : new int[] {Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE}) {
      roundTrip(Type.i32(), value);
    }
    for (long value : new long[] {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE}) {
      roundTrip(Type.i64(), value);
    }
    for (float value :
        new float[] {
          Float.NaN,
          Float.NEGATIVE_INFINITY,
          Float.POSITIVE_INFINITY,
          -0.0f,
          Float.MIN_VALUE,
          Float.MAX_VALUE
        }) {
      roundTrip(Type.f32(), value);
    }
    for (double value :
        new double[] {Double.NaN, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, Math.PI}) {
      roundTrip(Type.f64(), value);
    }
    assertEquals(
        Float.floatToRawIntBits(-0.0f),
        Float.floatToRawIntBits((Float) roundTrip(Type.f32(), -0.0f)));
    roundTrip(Type.string(), "");
    roundTrip(Type.string(), "ünïcødé 😀 中文 \u0000");
    roundTrip(Type.bytes(), Bytes.empty());
    roundTrip(Type.bytes(), Bytes.of(new byte[300]));
  }

  @Test
  void shouldRoundTripNestedValues() {
    roundTrip(Type.list(Type.i64()), List.of());
    roundTrip(Type.list(Type.option(Type.string())), Arrays.asList("a", null, ""));
    roundTrip(Type.list(Type.list(Type.bool())), List.of(List.of(), List.of(true, false)));
    roundTrip(Type.option(POINT), StructValue.of(-3, "here"));
    roundTrip(Type.option(POINT), null);
    var nested =
        Type.struct(
            Type.field("points", Type.list(POINT)),
            Type.field("color", COLOR),
            Type.field("tag", Type.option(Type.bytes())));
    roundTrip(
        nested,
        StructValue.of(
            List.of(StructValue.of(1, null), StructValue.of(2, "b")),
            COLOR.value("green"),
            Bytes.of(new byte[] {0})));
  }

  @Test
  void shouldDecodeListsAsUnmodifiable() {
    var list = (List<?>) roundTrip(Type.list(Type.i32()), List.of(1));
    assertThrows(UnsupportedOperationException.class, () -> list.clear());
  }

  @Test
  void shouldRoundTripArgumentLists() {
    var types = List.<Type>of(Type.i64(), Type.string(), Type.option(COLOR));
    var values = new Object[] {5L, "x", COLOR.value("red")};
    assertArrayEquals(values, RowCodec.decodeValues(types, RowCodec.encodeValues(types, values)));
    assertArrayEquals(new Object[0], RowCodec.decodeValues(List.of(), new byte[0]));
  }

  @Test
  void shouldDecodeARowInsideALargerArray() {
    var row = RowCodec.encodeRow(ACCOUNTS, new Object[] {2L, "b", 3L});
    var framed = new byte[row.length + 4];
    System.arraycopy(row, 0, framed, 2, row.length);
    assertArrayEquals(
        new Object[] {2L, "b", 3L}, RowCodec.decodeRow(ACCOUNTS, framed, 2, row.length));
  }

  @Test
  void shouldRefuseAValueOfTheWrongTypeNamingTheColumn() {
    var error =
        assertThrows(
            RowEncodingException.class,
            () -> RowCodec.encodeRow(ACCOUNTS, new Object[] {1L, 2, null}));
    assertEquals(
        "cannot encode row of table accounts at offset 8, column owner: expected string, found"
            + " Integer 2",
        error.getMessage());
    assertEquals(8, error.offset());
    assertEquals("column owner", error.column());
  }

  @Test
  void shouldRefuseARowOfTheWrongLength() {
    var error =
        assertThrows(
            RowEncodingException.class, () -> RowCodec.encodeRow(ACCOUNTS, new Object[] {1L}));
    assertEquals(
        "cannot encode row of table accounts at offset 0: expected 3 columns, found 1 values",
        error.getMessage());
  }

  @Test
  void shouldRefuseNestedMismatchesWithTheirPath() {
    var types = List.<Type>of(Type.list(POINT));
    var values = new Object[] {List.of(StructValue.of(1, null), StructValue.of(2L, null))};
    var error =
        assertThrows(RowEncodingException.class, () -> RowCodec.encodeValues(types, values));
    assertEquals("value [0][1].x", error.column());
    assertTrue(error.getMessage().endsWith("expected i32, found Long 2"), error.getMessage());
  }

  @Test
  void shouldRefuseAStringWithoutUtf8Form() {
    var error =
        assertThrows(
            RowEncodingException.class,
            () -> RowCodec.encodeRow(ACCOUNTS, new Object[] {1L, "\uDC00", null}));
    assertTrue(
        error.getMessage().endsWith("column owner: string has an unpaired surrogate at index 0"),
        error.getMessage());
  }

  @Test
  void shouldRefuseATruncatedRowNamingOffsetAndColumn() {
    var bytes = RowCodec.encodeRow(ACCOUNTS, new Object[] {1L, "al", 5L});
    var error =
        assertThrows(
            RowEncodingException.class,
            () -> RowCodec.decodeRow(ACCOUNTS, Arrays.copyOf(bytes, bytes.length - 3)));
    assertEquals(
        "cannot decode row of table accounts at offset 12, column balance: needs 8 bytes for an"
            + " i64, 5 left",
        error.getMessage());
    assertEquals(12, error.offset());
  }

  @Test
  void shouldRefuseTrailingBytes() {
    var bytes = Arrays.copyOf(RowCodec.encodeRow(ACCOUNTS, new Object[] {1L, "", null}), 12);
    var error = assertThrows(RowEncodingException.class, () -> RowCodec.decodeRow(ACCOUNTS, bytes));
    assertEquals(
        "cannot decode row of table accounts at offset 10: 2 trailing bytes after the last column",
        error.getMessage());
  }

  @Test
  void shouldRefuseInvalidBoolAndOptionBytes() {
    var badBool = assertThrows(RowEncodingException.class, () -> decode(Type.bool(), "02"));
    assertTrue(badBool.getMessage().endsWith("invalid bool byte 0x02 (expected 0x00 or 0x01)"));
    var badTag =
        assertThrows(RowEncodingException.class, () -> decode(Type.option(Type.bool()), "05"));
    assertTrue(badTag.getMessage().endsWith("invalid option tag 0x05 (expected 0x00 or 0x01)"));
  }

  @Test
  void shouldRefuseAnEnumIndexOutOfRange() {
    var error = assertThrows(RowEncodingException.class, () -> decode(COLOR, "03"));
    assertTrue(
        error.getMessage().endsWith("enum variant index 3 out of range (3 variants)"),
        error.getMessage());
  }

  @Test
  void shouldRefuseLengthsAndCountsPastTheEnd() {
    var string = assertThrows(RowEncodingException.class, () -> decode(Type.string(), "0561"));
    assertTrue(
        string.getMessage().endsWith("string byte length 5 exceeds the 1 bytes left"),
        string.getMessage());
    var list =
        assertThrows(
            RowEncodingException.class, () -> decode(Type.list(Type.bool()), "ffffffff07"));
    assertTrue(list.getMessage().contains("list count 2147483647 exceeds"), list.getMessage());
  }

  @Test
  void shouldRefuseMalformedUtf8() {
    var error = assertThrows(RowEncodingException.class, () -> decode(Type.string(), "02c328"));
    assertTrue(error.getMessage().endsWith("string is not valid UTF-8"), error.getMessage());
  }

  @Test
  void shouldNameTheElementWhereNestedDecodingFailed() {
    var type = Type.list(POINT);
    // two points; the second's option tag is 0x07
    var error =
        assertThrows(
            RowEncodingException.class, () -> decode(type, "02" + "0100000000" + "0200000007"));
    assertEquals(
        "cannot decode value of list<struct{x: i32, y: option<string>}> at offset 10,"
            + " [1].y: invalid option tag 0x07 (expected 0x00 or 0x01)",
        error.getMessage());
  }

  private static Object decode(Type type, String hex) {
    return RowCodec.decodeValue(type, HEX.parseHex(hex));
  }

  @Test
  void shouldDecodeASingleValueAndRefuseLeftovers() {
    assertNull(decode(Type.option(Type.i32()), "00"));
    var error = assertThrows(RowEncodingException.class, () -> decode(Type.bool(), "0100"));
    assertTrue(error.getMessage().endsWith("1 trailing bytes after the value"), error.getMessage());
  }
}
