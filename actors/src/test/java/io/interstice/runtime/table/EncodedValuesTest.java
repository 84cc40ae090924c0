package io.interstice.runtime.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.interstice.sdk.codec.BinaryWriter;
import io.interstice.sdk.codec.RowCodec;
import io.interstice.sdk.value.Bytes;
import io.interstice.sdk.value.EnumType;
import io.interstice.sdk.value.StructValue;
import io.interstice.sdk.value.Type;
import io.interstice.sdk.value.Values;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncodedValuesTest {
  private static final EnumType COLOUR = Type.enumOf("red", "green", "blue");
  private static final Type POINT =
      Type.struct(Type.field("x", Type.i32()), Type.field("label", Type.option(Type.string())));

  private static final List<Sample> SAMPLES =
      List.of(
          Sample.of(Type.bool(), false, true),
          Sample.of(
              Type.i32(), Integer.MIN_VALUE, -256, -1, 0, 1, 255, 256, 65_536, Integer.MAX_VALUE),
          Sample.of(
              Type.i64(),
              Long.MIN_VALUE,
              -4_294_967_296L,
              -256L,
              -1L,
              0L,
              1L,
              255L,
              4_294_967_296L,
              Long.MAX_VALUE),
          Sample.of(
              Type.f32(),
              Float.NEGATIVE_INFINITY,
              -1.5f,
              -Float.MIN_VALUE,
              -0.0f,
              0.0f,
              Float.MIN_VALUE,
              1.0f,
              3.0e38f,
              Float.POSITIVE_INFINITY,
              Float.NaN),
          Sample.of(
              Type.f64(),
              Double.NEGATIVE_INFINITY,
              -1e300,
              -0.5,
              -0.0,
              0.0,
              Double.MIN_VALUE,
              2.0,
              Double.POSITIVE_INFINITY,
              Double.NaN),
          Sample.of(
              Type.string(),
              "",
              "\u0000",
              "A",
              "Z",
              "a",
              "a\u0000",
              "ab",
              "b",
              "é",
              "ü",
              "\u07ff",
              "\u0800",
              "日本",
              "\ud7ff",
              "\ue000",
              "\uffff",
              "😀",
              "😀a",
              "\udbff\udfff",
              "x".repeat(200),
              "x".repeat(200) + "y"),
          Sample.of(
              Type.bytes(),
              Bytes.empty(),
              Bytes.of(new byte[] {0}),
              Bytes.of(new byte[] {0, 0}),
              Bytes.of(new byte[] {1}),
              Bytes.of(new byte[] {0x7f}),
              Bytes.of(new byte[] {(byte) 0x80}),
              Bytes.of(new byte[] {(byte) 0xff, 0}),
              Bytes.of(new byte[300])),
          Sample.of(Type.option(Type.i64()), null, -5L, 0L, 3L),
          Sample.of(Type.option(Type.string()), null, "", "a", "é"),
          Sample.of(Type.option(Type.f64()), null, -0.0, 0.0, Double.NaN),
          Sample.of(
              Type.list(Type.i32()), List.of(), List.of(-1), List.of(1), List.of(1, 2), List.of(2)),
          Sample.of(Type.list(Type.string()), List.of(), List.of(""), List.of("a", "b")),
          Sample.of(
              POINT,
              StructValue.of(-3, null),
              StructValue.of(-3, "a"),
              StructValue.of(7, null),
              StructValue.of(7, "b")),
          Sample.of(COLOUR, COLOUR.value(0), COLOUR.value(1), COLOUR.value(2)));

  @Test
  void shouldOrderEncodedValuesAsValuesCompareOrdersDecodedOnes() {
    for (var sample : SAMPLES) {
      for (var a : sample.values()) {
        for (var b : sample.values()) {
          var aBytes = RowCodec.encodeValue(sample.type(), a);
          var bBytes = padded(RowCodec.encodeValue(sample.type(), b), 3);
          int expected = Integer.signum(Values.compare(sample.type(), a, b));
          int found = Integer.signum(EncodedValues.compare(sample.type(), aBytes, 0, bBytes, 3));

          assertEquals(expected, found, sample.type() + ": " + show(a) + " vs " + show(b));
          // Canonical: equal values, and only they, have equal bytes (hash indexes need it).
          assertEquals(
              expected == 0,
              Arrays.equals(aBytes, RowCodec.encodeValue(sample.type(), b)),
              sample.type() + ": bytes of " + show(a) + " and " + show(b));
        }
      }
    }
  }

  @Test
  void shouldFindTheEndOfEveryEncodedValue() {
    for (var sample : SAMPLES) {
      for (var value : sample.values()) {
        var bytes = padded(RowCodec.encodeValue(sample.type(), value), 5);

        assertEquals(
            bytes.length - 2,
            EncodedValues.end(sample.type(), bytes, 5),
            sample.type() + ": " + show(value));
        assertEquals(
            Values.compare(sample.type(), value, EncodedValues.decode(sample.type(), bytes, 5)),
            0,
            sample.type() + ": decoded " + show(value));
      }
    }
  }

  @Test
  void shouldReadVarintsOfEveryLength() {
    for (int value : new int[] {0, 1, 127, 128, 16_383, 16_384, 624_485, Integer.MAX_VALUE}) {
      var bytes = varint(value);

      assertEquals(value, EncodedValues.varint(bytes, 0));
      assertEquals(bytes.length, EncodedValues.varintEnd(bytes, 0));
    }
  }

  private static byte[] varint(int value) {
    var out = new BinaryWriter();
    out.varint(value);
    return out.toByteArray();
  }

  /** {@code bytes} with {@code before} junk bytes in front and two after, to check offsets. */
  private static byte[] padded(byte[] bytes, int before) {
    var result = new byte[before + bytes.length + 2];
    Arrays.fill(result, (byte) 0x5a);
    System.arraycopy(bytes, 0, result, before, bytes.length);
    return result;
  }

  private static String show(Object value) {
    return value instanceof String text
        ? text.codePoints().mapToObj(Integer::toHexString).toList().toString()
        : String.valueOf(value);
  }

  private record Sample(Type type, List<Object> values) {
    static Sample of(Type type, Object... values) {
      return new Sample(type, Arrays.asList(values));
    }
  }
}
