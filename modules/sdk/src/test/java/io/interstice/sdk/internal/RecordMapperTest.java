package io.interstice.sdk.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.interstice.sdk.codec.RowCodec;
import io.interstice.sdk.internal.sample.Account;
import io.interstice.sdk.internal.sample.Bank;
import io.interstice.sdk.internal.sample.Everything;
import io.interstice.sdk.internal.sample.Item;
import io.interstice.sdk.internal.sample.Shape;
import io.interstice.sdk.json.ValueJson;
import io.interstice.sdk.value.Bytes;
import io.interstice.sdk.value.EnumType;
import io.interstice.sdk.value.StructValue;
import io.interstice.sdk.value.Type;
import io.interstice.sdk.value.ValueTypeException;
import io.interstice.sdk.value.Values;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecordMapperTest {
  /** A record whose canonical constructor is variable-arity. */
  record Blob(long id, byte... data) {}

  private static final EnumType SHAPE = Type.enumOf("circle", "square", "on_hold");

  static Item sampleItem() {
    return new Item(
        "k-1",
        true,
        -7,
        Integer.MAX_VALUE,
        Long.MIN_VALUE,
        0.5f,
        Double.NaN,
        new byte[] {1, 2, (byte) 0xFF},
        Bytes.of(new byte[] {9}),
        Optional.of("ünïcødé ✓"),
        List.of(1L, 2L, 3L),
        Shape.ON_HOLD,
        new Item.Dimensions(3, 4, Optional.of(Shape.CIRCLE)),
        List.of(Optional.empty(), Optional.of(new Item.Dimensions(1, 2, Optional.empty()))));
  }

  @Test
  void shouldTurnARecordIntoARowOfValues() {
    var mapper = RecordMapper.of(Account.class);
    assertArrayEquals(new Object[] {7L, "alice", 100L}, mapper.toRow(new Account(7, "alice", 100)));
    assertEquals(new Account(7, "alice", 100), mapper.fromRow(new Object[] {7L, "alice", 100L}));
  }

  @Test
  void shouldConvertEveryComponentTypeBothWays() {
    var mapper = RecordMapper.of(Item.class);
    var item = sampleItem();
    var row = mapper.toRow(item);

    assertEquals(Bytes.of(new byte[] {1, 2, (byte) 0xFF}), row[7]);
    assertEquals("ünïcødé ✓", row[9]);
    assertEquals(SHAPE.value("on_hold"), row[11]);
    assertEquals(StructValue.of(3, 4, SHAPE.value("circle")), row[12]);
    assertEquals(Arrays.asList(null, StructValue.of(1, 2, null)), row[13]);
    for (int i = 0; i < row.length; i++) {
      Values.check(mapper.fieldTypes().get(i), row[i], "item");
    }

    var back = mapper.fromRow(row);
    assertArrayEquals(item.payload(), back.payload());
    assertEquals(item.note(), back.note());
    assertEquals(item.history(), back.history());
    assertEquals(item.dimensions(), back.dimensions());
    assertEquals(item.parts(), back.parts());
    assertEquals(item.shape(), back.shape());
    assertEquals(item.digest(), back.digest());
    assertEquals(Float.valueOf(item.ratio()), back.ratio());
    assertEquals(Double.valueOf(item.weight()), back.weight());
  }

  @Test
  void shouldSurviveTheRowCodecAndJsonThroughTheMapper() {
    var table = JavaModuleIntrospector.introspect(Everything.class).table(Item.class);
    var row = table.mapper().toRow(sampleItem());
    var decoded = RowCodec.decodeRow(table.schema(), RowCodec.encodeRow(table.schema(), row));
    assertArrayEquals(row, decoded);

    // JSON input refuses NaN (it goes out as the string "NaN"), so use a finite weight there
    var finite = row.clone();
    finite[6] = 2.5;
    var json = ValueJson.rowToJson(table.schema(), finite);
    assertArrayEquals(finite, ValueJson.rowFromJson(table.schema(), json));
    assertEquals("NaN", ValueJson.rowToJson(table.schema(), row).get("weight").asText());
  }

  @Test
  void shouldNotShareByteArraysWithTheRecord() {
    var mapper = RecordMapper.of(Item.class);
    var item = sampleItem();
    var row = mapper.toRow(item);
    item.payload()[0] = 42;
    assertEquals(1, ((Bytes) row[7]).get(0));
    var back = mapper.fromRow(row);
    back.payload()[0] = 43;
    assertEquals(1, ((Bytes) row[7]).get(0));
  }

  @Test
  void shouldRefuseNullInANonOptionComponentNamingTableAndColumn() {
    var mapper = JavaModuleIntrospector.introspect(Bank.class).table(Account.class).mapper();
    var error = assertThrows(ValueTypeException.class, () -> mapper.toRow(new Account(1, null, 0)));
    assertEquals("accounts.owner: expected string, found null", error.getMessage());
  }

  @Test
  void shouldRefuseNullInsideNestedValuesWithTheirPath() {
    var mapper = RecordMapper.of(Item.class);
    var item = sampleItem();
    var withNullElement =
        new Item(
            item.code(),
            item.active(),
            item.count(),
            item.boxedCount(),
            item.total(),
            item.ratio(),
            item.weight(),
            item.payload(),
            item.digest(),
            item.note(),
            Arrays.asList(1L, null),
            item.shape(),
            item.dimensions(),
            item.parts());
    var error = assertThrows(ValueTypeException.class, () -> mapper.toRow(withNullElement));
    assertEquals("Item.history[1]: expected i64, found null", error.getMessage());
  }

  @Test
  void shouldTreatANullOptionalAsNone() {
    var mapper = RecordMapper.of(Item.Dimensions.class);
    assertArrayEquals(new Object[] {1, 2, null}, mapper.toRow(new Item.Dimensions(1, 2, null)));
    assertEquals(
        new Item.Dimensions(1, 2, Optional.empty()), mapper.fromRow(new Object[] {1, 2, null}));
  }

  @Test
  void shouldRefuseARowOfTheWrongLength() {
    var mapper = RecordMapper.of(Account.class);
    var error = assertThrows(ValueTypeException.class, () -> mapper.fromRow(new Object[] {1L}));
    assertEquals(
        "Account: expected 3 values (struct{id: i64, owner: string, balance: i64}), found 1 values",
        error.getMessage());
  }

  @Test
  void shouldConvertLookupValuesOfOneComponent() {
    var mapper = RecordMapper.of(Item.class);
    assertEquals(SHAPE.value("square"), mapper.toValue(11, Shape.SQUARE));
    assertEquals(Bytes.of(new byte[] {5}), mapper.toValue(7, new byte[] {5}));
    assertEquals("k", mapper.toValue(0, "k"));
  }

  @Test
  void shouldMapARecordWithAVarargsComponent() {
    var mapper = RecordMapper.of(Blob.class);
    var row = mapper.toRow(new Blob(1, (byte) 7, (byte) 8));
    assertArrayEquals(new Object[] {1L, Bytes.of(new byte[] {7, 8})}, row);
    assertArrayEquals(new byte[] {7, 8}, mapper.fromRow(row).data());
  }
}
