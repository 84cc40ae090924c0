package io.interstice.runtime.module.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.interstice.runtime.module.state.LoggedChange;
import io.interstice.runtime.module.state.ModuleEvent.TxCommitted;
import io.interstice.runtime.module.state.Trigger;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How {@link TxCommittedSerializer} writes each trigger, and reads the triggers of versions 1 and
 * 2.
 */
class TxCommittedSerializerTest {
  private final TxCommittedSerializer serializer = new TxCommittedSerializer();
  private final Kryo kryo = new Kryo();

  @Test
  void shouldRoundTripEveryKindOfTrigger() {
    var triggers =
        List.of(
            new Trigger.ClientCall("alice"),
            new Trigger.ClientCall("alice", "order-17"),
            new Trigger.Delivery("bank", 12),
            new Trigger.ScheduledRun(300),
            Trigger.LIFECYCLE);
    for (var trigger : triggers) {
      var back = read(write(tx(trigger)));
      assertEquals(trigger, back.trigger());
      assertEquals(trigger.caller(), back.caller());
      assertEquals(1, back.changes().size());
    }
  }

  @Test
  void shouldRoundTripTheErrorOfAUsedUpTrigger() {
    var failed =
        TxCommitted.failed(9, 10, 11, new Trigger.Delivery("bank", 3), "r", "REDUCER_FAILED: no");
    var back = read(write(failed));
    assertEquals(new Trigger.Delivery("bank", 3), back.trigger());
    assertEquals("REDUCER_FAILED: no", back.error());
  }

  @Test
  void shouldWriteEachTriggerAsDocumented() {
    // Version 3, tx 1, timestamp 2, seed 3, then the trigger, then reducer "r" and the rest.
    var head = "03" + "01" + "0200000000000000" + "0300000000000000";
    var tail = "8272" + "00" + "00" + "00" + "00" + "00" + "00";
    assertEquals(
        head + "01" + "616c6963e5" + "00" + tail,
        hex(empty(new Trigger.ClientCall("alice"))),
        "client without a key");
    assertEquals(
        head + "01" + "616c6963e5" + "01" + "6b2d31b7" + tail,
        hex(empty(new Trigger.ClientCall("alice", "k-17"))),
        "client with a key");
    assertEquals(
        head + "02" + "62616eeb" + "0c" + tail,
        hex(empty(new Trigger.Delivery("bank", 12))),
        "delivery");
    assertEquals(
        head + "03" + "ac02" + tail, hex(empty(new Trigger.ScheduledRun(300))), "scheduled run");
    assertEquals(head + "04" + tail, hex(empty(Trigger.LIFECYCLE)), "lifecycle");
  }

  @Test
  void shouldReadTheClientCallOfVersion2AsACallWithoutAKey() {
    var version2 =
        "02"
            + "01"
            + "0200000000000000"
            + "0300000000000000" // version, tx, timestamp, seed
            + "01"
            + "616c6963e5" // a client's call, caller "alice", no key field
            + "8272"
            + "00"
            + "00"
            + "00"
            + "00"
            + "00"
            + "00"; // reducer "r", no effects
    var back = read(HexFormat.of().parseHex(version2));
    assertEquals(new Trigger.ClientCall("alice"), back.trigger());
    assertEquals(1, back.txId());
    assertEquals("r", back.reducer());
  }

  @Test
  void shouldReadTheCallerOfVersion1AsAClientCall() {
    var back = read(version1("alice", 0, null, null));
    assertEquals(new Trigger.ClientCall("alice"), back.trigger());
  }

  @Test
  void shouldReadTheRuntimeCallerOfVersion1AsALifecycleReducer() {
    var back = read(version1(Trigger.RUNTIME_CALLER, 0, null, null));
    assertEquals(Trigger.LIFECYCLE, back.trigger());
  }

  @Test
  void shouldReadTheConsumedDeliveryOfVersion1AsItsTrigger() {
    var back =
        read(version1("module:bank", 0, new Trigger.Delivery("bank", 7), "MODULE_FAILED: x"));
    assertEquals(new Trigger.Delivery("bank", 7), back.trigger());
    assertEquals("module:bank", back.caller());
    assertEquals("MODULE_FAILED: x", back.error());
  }

  @Test
  void shouldReadTheScheduleRunOfVersion1AsItsTrigger() {
    var back = read(version1("schedule:4", 4, null, null));
    assertEquals(new Trigger.ScheduledRun(4), back.trigger());
    assertEquals("schedule:4", back.caller());
  }

  @Test
  void shouldRefuseAVersion1RecordNamingBothADeliveryAndASchedule() {
    var both = version1("module:bank", 4, new Trigger.Delivery("bank", 7), null);
    var refused = assertThrows(IllegalStateException.class, () -> read(both));
    assertEquals(
        "TxCommitted version 1 names both a delivery (Delivery[sender=bank, seq=7]) and a"
            + " schedule run (4)",
        refused.getMessage());
  }

  @Test
  void shouldRefuseAnUnknownTriggerKind() {
    var bytes = write(empty(Trigger.LIFECYCLE));
    bytes[TRIGGER_OFFSET] = 9;
    var refused = assertThrows(IllegalStateException.class, () -> read(bytes));
    assertEquals("TxCommitted has unknown trigger kind 9", refused.getMessage());
  }

  @Test
  void shouldNameTheVersionsItReadsWhenRefusingAnother() {
    var bytes = write(empty(Trigger.LIFECYCLE));
    bytes[0] = 4;
    var refused = assertThrows(IllegalStateException.class, () -> read(bytes));
    assertEquals(
        "TxCommitted has format version 4; this runtime reads versions 1 to 3",
        refused.getMessage());
  }

  /** Where the trigger starts in {@link #empty} transactions: after version, id, time and seed. */
  private static final int TRIGGER_OFFSET = 1 + 1 + 8 + 8;

  private static TxCommitted empty(Trigger trigger) {
    return new TxCommitted(1, 2, 3, trigger, "r", new byte[0], List.of());
  }

  private static TxCommitted tx(Trigger trigger) {
    return new TxCommitted(
        9,
        10,
        11,
        trigger,
        "deposit",
        new byte[] {1},
        List.of(LoggedChange.insert("t", new byte[] {2})));
  }

  /** A transaction without effects as version 1 wrote it. */
  private static byte[] version1(
      String caller, long fired, Trigger.Delivery consumed, String error) {
    var output = new Output(256, -1);
    output.writeByte(1);
    output.writeVarLong(1, true);
    output.writeLong(2);
    output.writeLong(3);
    output.writeString(caller);
    output.writeString("r");
    output.writeVarInt(0, true); // arguments
    output.writeVarInt(0, true); // changes
    output.writeVarInt(0, true); // outbox entries
    output.writeVarInt(0, true); // schedules created
    output.writeVarInt(0, true); // schedules cancelled
    output.writeVarLong(fired, true);
    output.writeBoolean(consumed != null);
    if (consumed != null) {
      output.writeString(consumed.sender());
      output.writeVarLong(consumed.seq(), true);
    }
    output.writeBoolean(error != null);
    if (error != null) {
      output.writeString(error);
    }
    return output.toBytes();
  }

  private byte[] write(TxCommitted tx) {
    var output = new Output(256, -1);
    serializer.write(kryo, output, tx);
    return output.toBytes();
  }

  private TxCommitted read(byte[] bytes) {
    return serializer.read(kryo, new Input(bytes), TxCommitted.class);
  }

  private String hex(TxCommitted tx) {
    return HexFormat.of().formatHex(write(tx));
  }
}
