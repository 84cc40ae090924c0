package io.interstice.runtime.module.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.interstice.runtime.ModuleInfo;
import io.interstice.runtime.module.code.LogCode;
import io.interstice.runtime.module.code.ModuleCode;
import io.interstice.runtime.module.outbox.OutboxEntry;
import io.interstice.runtime.module.state.IdempotencyWindow;
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

  /** sampleTx's id, timestamp and seed, the same in versions 1 to 3. */
  private static final String SAMPLE_HEAD =
      String.join(
          "",
          "ac02", // transaction id 300, varlong
          "0140204648470600", // timestamp, micros, little-endian
          "d6ffffffffffffff"); // seed -42

  /** sampleTx's reducer, arguments and effects, the same in versions 1 to 3. */
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

  /** A client's call as a trigger: kind 1, caller "local". */
  private static final String SAMPLE_CLIENT = "01" + "6c6f6361ec";

  /**
   * sampleTx's bytes in format {@code version} with {@code trigger}, as hex (no error at the end).
   */
  private static String sampleHex(String version, String trigger) {
    return version + SAMPLE_HEAD + trigger + SAMPLE_BODY + "00";
  }

  @Test
  void shouldKeepTheDocumentedTransactionBytes() {
    var expected = sampleHex("03", SAMPLE_CLIENT + "00"); // no idempotency key
    assertEquals(expected, HexFormat.of().formatHex(serialization.serialize(sampleTx()).get()));
  }

  @Test
  void shouldKeepTheDocumentedBytesOfAnIdempotencyKey() {
    var tx = sampleTx();
    var keyed =
        new ModuleEvent.TxCommitted(
            tx.txId(),
            tx.timestampMicros(),
            tx.seed(),
            new Trigger.ClientCall("local", "k1"),
            tx.reducer(),
            tx.args(),
            tx.changes());
    var expected = sampleHex("03", SAMPLE_CLIENT + "01" + "6bb1"); // idempotency key "k1"
    assertEquals(expected, HexFormat.of().formatHex(serialization.serialize(keyed).get()));
    assertSameTransaction(keyed, (ModuleEvent.TxCommitted) roundTrip(keyed));
  }

  @Test
  void shouldReadTheDocumentedVersion2TransactionBytes() {
    // The client's call is its caller alone.
    assertSameTransaction(sampleTx(), readTransaction(sampleHex("02", SAMPLE_CLIENT)));
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
    assertSameTransaction(sampleTx(), readTransaction(version1));
  }

  private static ModuleEvent.TxCommitted readTransaction(String hex) {
    return (ModuleEvent.TxCommitted) read(hex, RuntimeKryoRegistrar.TX_COMMITTED);
  }

  /** Reads {@code hex} as the runtime's Kryo serializer does for the event or state {@code id}. */
  private static Object read(String hex, int id) {
    var serializer = serialization.findSerializerFor(sampleTx());
    return serialization
        .deserialize(HexFormat.of().parseHex(hex), serializer.identifier(), Integer.toString(id))
        .get();
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
  void shouldRoundTripTheIdempotencyKeysOfASnapshotOldestFirst() {
    var state = snapshotWithKeys();
    var back = (ModuleState) roundTrip(state);
    assertEquals(state.idempotency().entries(), back.idempotency().entries());
    assertEquals(12345, back.lastTimestampMicros());
  }

  @Test
  void shouldKeepTheIdempotencyKeysOfARemovedModule() {
    var state = snapshotWithKeys();
    state.removeLive();
    var back = (ModuleState) roundTrip(state);
    assertEquals(false, back.deployed());
    assertEquals(state.idempotency().entries(), back.idempotency().entries());
  }

  @Test
  void shouldReadASnapshotOfVersion1WithoutIdempotencyKeys() {
    var state = snapshotWithKeys();
    var bytes = serialization.serialize(state).get();
    // Version 3 ends with the keys: count 2, then "k1", "k2" with fingerprint, tx id and time;
    // then the history (none here: count 0).
    var keys =
        String.join(
            "",
            "02",
            "6bb1" + fingerprintHex(7) + "05" + "e803000000000000",
            "6bb2" + fingerprintHex(-8) + "06" + "d007000000000000");
    var hex = HexFormat.of().formatHex(bytes);
    assertTrue(hex.startsWith("03") && hex.endsWith(keys + "00"), hex);
    var version1 = "01" + hex.substring(2, hex.length() - keys.length() - 2);
    var back = (ModuleState) read(version1, RuntimeKryoRegistrar.MODULE_STATE);
    assertEquals(0, back.idempotency().size());
    assertEquals(99, back.lastTxId());
    assertEquals(state.schema(), back.schema());
  }

  @Test
  void shouldRoundTripTheHistoryOfASnapshotAndReadVersion2WithoutIt() {
    var state = snapshotWithKeys();
    var deployed =
        new ModuleInfo.Installation(
            ModuleInfo.Installation.Kind.DEPLOYED, 1, "java:old.Inventory", 1000);
    var upgraded =
        new ModuleInfo.Installation(
            ModuleInfo.Installation.Kind.UPGRADED, 3, "java:" + Inventory.class.getName(), 2000);
    state.restoreInstallation(deployed);
    state.restoreInstallation(upgraded);
    var back = (ModuleState) roundTrip(state);
    assertEquals(List.of(deployed, upgraded), back.history());
    assertEquals(state.idempotency().entries(), back.idempotency().entries());

    var hex = HexFormat.of().formatHex(serialization.serialize(snapshotWithKeys()).get());
    var version2 = "02" + hex.substring(2, hex.length() - 2); // without the empty history
    var old = (ModuleState) read(version2, RuntimeKryoRegistrar.MODULE_STATE);
    assertEquals(List.of(), old.history());
    assertEquals(2, old.idempotency().size());
  }

  /** A fingerprint as a fixed long: 8 bytes little-endian. */
  private static String fingerprintHex(long fingerprint) {
    return HexFormat.of()
        .formatHex(
            java.nio.ByteBuffer.allocate(8)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(fingerprint)
                .array());
  }

  /** A deployed inventory with one row and two remembered keys (restored as a snapshot is). */
  private static ModuleState snapshotWithKeys() {
    var schema = JavaModuleIntrospector.introspect(Inventory.class).schema();
    var tables = ModuleTables.create(schema);
    tables.table("settings").insert(new Object[] {"currency", "EUR"});
    var state =
        ModuleState.restored(
            "inventory", ModuleCode.JavaClass.of(Inventory.class), schema, tables, 99, 12345);
    state.idempotency().restore(new IdempotencyWindow.Entry("k1", 7, 5, 1000));
    state.idempotency().restore(new IdempotencyWindow.Entry("k2", -8, 6, 2000));
    return state;
  }

  @Test
  void shouldRoundTripABatchInItsOrder() {
    var tx = sampleTx();
    var batch =
        new ModuleEvent.Batch(
            List.of(tx, new ModuleEvent.OutboxAcknowledged("sink", 12), sampleTx()));

    var back = (ModuleEvent.Batch) roundTrip(batch);

    assertEquals(3, back.events().size());
    assertSameTransaction(tx, (ModuleEvent.TxCommitted) back.events().get(0));
    assertEquals(new ModuleEvent.OutboxAcknowledged("sink", 12), back.events().get(1));
    assertSameTransaction(tx, (ModuleEvent.TxCommitted) back.events().get(2));
  }

  @Test
  void shouldRefuseABatchOfOneOrOfOtherEvents() {
    var removed = new ModuleEvent.ModuleRemoved(1);
    assertThrows(IllegalArgumentException.class, () -> new ModuleEvent.Batch(List.of(sampleTx())));
    assertThrows(
        IllegalArgumentException.class, () -> new ModuleEvent.Batch(List.of(sampleTx(), removed)));
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
