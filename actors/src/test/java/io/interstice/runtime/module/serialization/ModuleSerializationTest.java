package io.interstice.runtime.module.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.interstice.runtime.module.code.LogCode;
import io.interstice.runtime.module.code.ModuleCode;
import io.interstice.runtime.module.outbox.OutboxEntry;
import io.interstice.runtime.module.state.LoggedChange;
import io.interstice.runtime.module.state.ModuleEvent;
import io.interstice.runtime.module.state.ModuleState;
import io.interstice.runtime.module.state.Trigger;
import io.interstice.runtime.table.ModuleTables;
import io.interstice.runtime.testmodules.Inventory;
import io.interstice.sdk.internal.JavaModuleIntrospector;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The persisted module events and snapshots through Pekko's serialization, as the journal does. */
class ModuleSerializationTest {
  static ActorSystem<Void> system;
  static Serialization serialization;

  @BeforeAll
  static void start() {
    system = ActorSystem.create(Behaviors.empty(), "serialization", ConfigFactory.load());
    serialization = SerializationExtension.get(system);
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  private static Object roundTrip(Object value) {
    var bytes = serialization.serialize(value).get();
    var serializer = serialization.findSerializerFor(value);
    var manifest = org.apache.pekko.serialization.Serializers.manifestFor(serializer, value);
    return serialization.deserialize(bytes, serializer.identifier(), manifest).get();
  }

  private static ModuleEvent.TxCommitted sampleTx() {
    return new ModuleEvent.TxCommitted(
        300,
        1_767_225_600_000_001L,
        -42,
        new Trigger.ClientCall("local"),
        "transfer",
        new byte[] {1, 2, 3},
        List.of(
            LoggedChange.insert("a", new byte[] {9}),
            LoggedChange.update("a", new byte[] {7}, new byte[] {8}),
            LoggedChange.delete("b", new byte[0])));
  }

  @Test
  void shouldRoundTripATransaction() {
    var tx = sampleTx();
    var back = (ModuleEvent.TxCommitted) roundTrip(tx);
    assertSameTransaction(tx, back);
  }

  private static void assertSameTransaction(
      ModuleEvent.TxCommitted tx, ModuleEvent.TxCommitted back) {
    assertEquals(tx.txId(), back.txId());
    assertEquals(tx.timestampMicros(), back.timestampMicros());
    assertEquals(tx.seed(), back.seed());
    assertEquals(tx.caller(), back.caller());
    assertEquals(tx.trigger(), back.trigger());
    assertEquals(tx.reducer(), back.reducer());
    assertArrayEquals(tx.args(), back.args());
    assertEquals(3, back.changes().size());
    for (int i = 0; i < 3; i++) {
      var expected = tx.changes().get(i);
      var actual = back.changes().get(i);
      assertEquals(expected.kind(), actual.kind());
      assertEquals(expected.table(), actual.table());
      assertArrayEquals(expected.row(), actual.row());
      assertArrayEquals(expected.oldRow(), actual.oldRow());
    }
  }

  // The layout of TxCommittedSerializer's javadoc and docs/runtime.md, field by field. Kryo
  // writes an ASCII string of 2+ characters with the high bit set on its last byte, a shorter one
  // as a length (+1, flagged 0x80) then its characters.

  /** sampleTx's id, timestamp and seed, the same in versions 1 and 2. */
  private static final String SAMPLE_HEAD =
      String.join(
          "",
          "ac02", // transaction id 300, varlong
          "0140204648470600", // timestamp, micros, little-endian
          "d6ffffffffffffff"); // seed -42

  /** sampleTx's reducer, arguments and effects, the same in versions 1 and 2. */
  private static final String SAMPLE_BODY =
      String.join(
          "",
          "7472616e736665f2", // reducer "transfer"
          "03010203", // args: length 3, bytes
          "03", // three changes
          "01" + "8261" + "0109", // insert into a, row [9]
          "02" + "8261" + "0108" + "0107", // update of a, new row [8], old row [7]
          "03" + "8262" + "00", // delete from b, empty row
          "00", // no outbox entries
          "00", // no schedules created
          "00"); // none cancelled

  @Test
  void shouldKeepTheDocumentedTransactionBytes() {
    var expected =
        String.join(
            "",
            "02", // format version
            SAMPLE_HEAD,
            "01" + "6c6f6361ec", // trigger: a client's call, caller "local"
            SAMPLE_BODY,
            "00"); // no error
    assertEquals(expected, HexFormat.of().formatHex(serialization.serialize(sampleTx()).get()));
  }

  @Test
  void shouldReadTheDocumentedVersion1TransactionBytes() {
    // The caller where the trigger is now, and the trigger's other half before the error.
    var version1 =
        String.join(
            "",
            "01", // format version
            SAMPLE_HEAD,
            "6c6f6361ec", // caller "local"
            SAMPLE_BODY,
            "00", // no schedule run
            "00", // no consumed delivery
            "00"); // no error
    var serializer = serialization.findSerializerFor(sampleTx());
    var back =
        (ModuleEvent.TxCommitted)
            serialization
                .deserialize(
                    HexFormat.of().parseHex(version1),
                    serializer.identifier(),
                    Integer.toString(RuntimeKryoRegistrar.TX_COMMITTED))
                .get();
    assertSameTransaction(sampleTx(), back);
  }

  @Test
  void shouldRoundTripADeploy() {
    var schema = JavaModuleIntrospector.introspect(Inventory.class).schema();
    var deployed =
        new ModuleEvent.ModuleDeployed(ModuleCode.JavaClass.of(Inventory.class), schema, 17);
    var back = (ModuleEvent.ModuleDeployed) roundTrip(deployed);
    assertEquals(deployed, back);
  }

  @Test
  void shouldRoundTripTheDeployOfAWasmModule() {
    var schema = JavaModuleIntrospector.introspect(Inventory.class).schema();
    var code = new ModuleCode.Wasm(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
    var deployed = new ModuleEvent.ModuleDeployed(code, schema, 17);
    var back = (ModuleEvent.ModuleDeployed) roundTrip(deployed);
    assertEquals(deployed, back);
    assertEquals(code.hashCode(), back.code().hashCode());
    assertEquals("wasm:" + code.sha256().substring(0, 12), back.code().describe());
  }

  @Test
  void shouldRoundTripASnapshotWithoutEphemeralRows() {
    var schema = JavaModuleIntrospector.introspect(Inventory.class).schema();
    var tables = ModuleTables.create(schema);
    for (long i = 1; i <= 50; i++) {
      tables
          .table("items")
          .insert(new Object[] {0L, "sku-" + i, i, "cat-" + (i % 3), (int) i % 4, i * 10, null});
    }
    tables.table("items").delete(7L);
    tables.table("visits").insert(new Object[] {"ann", 3L});
    tables.table("settings").insert(new Object[] {"currency", "EUR"});
    var state =
        ModuleState.restored(
            "inventory", ModuleCode.JavaClass.of(Inventory.class), schema, tables, 99, 12345);

    var back = (ModuleState) roundTrip(state);
    assertEquals(99, back.lastTxId());
    assertEquals(12345, back.lastTimestampMicros());
    assertEquals(schema, back.schema());
    assertEquals(rows(tables, "items"), rows(back.tables(), "items"));
    assertEquals(rows(tables, "settings"), rows(back.tables(), "settings"));
    assertEquals(0, back.tables().table("visits").size(), "ephemeral rows are not snapshotted");
    assertEquals(
        tables.table("items").nextAutoIncrement(),
        back.tables().table("items").nextAutoIncrement());
  }

  @Test
  void shouldRefuseAnUnknownFormatVersion() {
    var bytes = serialization.serialize(sampleTx()).get();
    bytes[0] = 9;
    var serializer = serialization.findSerializerFor(sampleTx());
    var failure =
        serialization.deserialize(
            bytes, serializer.identifier(), Integer.toString(RuntimeKryoRegistrar.TX_COMMITTED));
    assertTrue(failure.isFailure());
    var message = failure.failed().get().getMessage();
    assertTrue(message.contains("format version 9"), message);
  }

  private static List<List<Object>> rows(ModuleTables tables, String table) {
    var rows = new ArrayList<List<Object>>();
    tables.table(table).scan().forEachRemaining(row -> rows.add(java.util.Arrays.asList(row)));
    return rows;
  }

  @Test
  void shouldRefuseAnUnknownChangeKind() {
    var unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> LogCode.decode(LoggedChange.Kind.class, 7, "row change kind"));
    assertEquals("unknown row change kind 7", unknown.getMessage());
    assertEquals(
        OutboxEntry.Kind.EVENT, LogCode.decode(OutboxEntry.Kind.class, 2, "outbox entry kind"));
  }
}
