package io.interstice.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.interstice.runtime.ClusterMessage;
import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.LiveUpdate;
import io.interstice.runtime.ModuleInfo;
import io.interstice.runtime.module.ModuleActor;
import io.interstice.runtime.module.code.Args;
import io.interstice.runtime.module.code.ModuleCode;
import io.interstice.runtime.module.outbox.OutboxEntry;
import io.interstice.runtime.testmodules.Inventory;
import io.interstice.runtime.wasm.GuestBinaries;
import io.interstice.sdk.internal.JavaModuleIntrospector;
import io.interstice.sdk.schema.IndexKind;
import io.interstice.sdk.schema.RowEvent;
import io.interstice.sdk.schema.SubscriptionSchema;
import io.interstice.sdk.schema.TableSchema;
import io.interstice.sdk.value.Bytes;
import io.interstice.sdk.value.EnumType;
import io.interstice.sdk.value.StructValue;
import io.interstice.sdk.value.Type;
import java.io.NotSerializableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every message between nodes through Pekko's serialization, as remoting sends it: each field equal
 * after the round trip, the refusals clear, and every message class either has a format or never
 * leaves its node.
 */
class ClusterMessageSerializerTest {
  private static final EnumType COLOR = Type.enumOf("red", "green", "blue");
  private static final Type POINT =
      Type.struct(
          Type.field("x", Type.f32()),
          Type.field("y", Type.f64()),
          Type.field("tag", Type.option(Type.string())));

  /** A table with a column of every kind, nested lists, structs and options among them. */
  private static final TableSchema SHAPES =
      TableSchema.builder("shapes")
          .column("id", Type.i64())
          .column("small", Type.i32())
          .column("visible", Type.bool())
          .column("name", Type.string(), "unnamed")
          .column("blob", Type.bytes())
          .column("ratio", Type.f32())
          .column("weight", Type.f64())
          .column("color", Type.option(COLOR))
          .column("points", Type.list(POINT))
          .column("grid", Type.list(Type.list(Type.option(Type.i64()))))
          .primaryKey("id")
          .autoIncrement()
          .index("by_name", IndexKind.HASH, "name")
          .build();

  private static final Object[] SHAPE =
      new Object[] {
        7L,
        -3,
        true,
        "zoë 🙂",
        Bytes.of(new byte[] {0, 1, (byte) 0xff}),
        -0.0f,
        Double.NaN,
        COLOR.value("blue"),
        List.of(StructValue.of(1.5f, 2.5, "a"), StructValue.of(Float.NaN, -1e300, null)),
        List.of(List.of(), Arrays.asList(1L, null, Long.MIN_VALUE))
      };

  private static final Object[] PLAIN_SHAPE =
      new Object[] {
        8L, 0, false, "", Bytes.empty(), 1f, 2.0, null, List.of(), List.of(List.of(Long.MAX_VALUE))
      };

  private static final AtomicInteger ACTORS = new AtomicInteger();

  @TempDir static Path dataDir;
  static ActorSystem<Void> system;
  static Serialization serialization;

  @BeforeAll
  static void start() {
    system =
        ActorSystem.create(
            Behaviors.empty(),
            "cluster-messages",
            ConfigFactory.parseString(
                    """
                    pekko.actor.provider = cluster
                    pekko.actor.allow-java-serialization = off
                    pekko.remote.artery.canonical.hostname = "127.0.0.1"
                    pekko.remote.artery.canonical.port = 0
                    """)
                .withFallback(
                    ConfigFactory.parseMap(Map.of("interstice.journal.dir", dataDir.toString())))
                .withFallback(ConfigFactory.load()));
    serialization = SerializationExtension.get(system);
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  private static <T> ActorRef<T> actor() {
    return system.systemActorOf(
        Behaviors.empty(), "probe-" + ACTORS.incrementAndGet(), Props.empty());
  }

  private static ClusterMessageSerializer serializer() {
    return new ClusterMessageSerializer((ExtendedActorSystem) system.classicSystem());
  }

  private static Object roundTrip(Object message) {
    var serializer = serialization.findSerializerFor(message);
    assertInstanceOf(ClusterMessageSerializer.class, serializer, message.getClass().getName());
    var bytes = serialization.serialize(message).get();
    var manifest = Serializers.manifestFor(serializer, message);
    return serialization.deserialize(bytes, serializer.identifier(), manifest).get();
  }

  /** Serializes, reads back, and checks every field, arrays and collections by content. */
  private static <T> T assertRoundTrip(T message) {
    @SuppressWarnings("unchecked")
    T back = (T) roundTrip(message);
    DeepEquals.assertDeepEquals(message, back);
    return back;
  }

  /**
   * A call comes back with every field but its arrival time: the sender's clock means nothing to
   * the reader, which stamps the call with its own when it reads it.
   */
  private static void assertCallRoundTrip(ModuleActor.Call call) {
    long before = System.nanoTime();
    var back = (ModuleActor.Call) roundTrip(call);
    assertTrue(
        back.receivedNanos() >= before && back.receivedNanos() <= System.nanoTime(),
        "stamped on arrival");
    DeepEquals.assertDeepEquals(
        new ModuleActor.Call(
            call.reducer(),
            call.args(),
            call.caller(),
            call.idempotencyKey(),
            call.replyTo(),
            back.receivedNanos()),
        back);
  }

  private static ModuleInfo info() {
    var schema = JavaModuleIntrospector.introspect(Inventory.class).schema();
    return new ModuleInfo(
        "inventory",
        3,
        "java:" + Inventory.class.getName(),
        schema,
        42,
        new ModuleInfo.RecoveryInfo(40, 12, 30, 7),
        "java",
        null,
        java.util.List.of(
            new ModuleInfo.Installation(
                ModuleInfo.Installation.Kind.DEPLOYED, 1, "java:old.Inventory", 1_000_000L),
            new ModuleInfo.Installation(
                ModuleInfo.Installation.Kind.UPGRADED,
                3,
                "java:" + Inventory.class.getName(),
                2_000_000L)));
  }

  @Test
  void shouldRoundTripEveryCommand() {
    var wasm = new ModuleCode.Wasm(GuestBinaries.slowToDescribe(1));
    var back = assertRoundTrip(new ModuleActor.Deploy(wasm, actor()));
    assertEquals(wasm.sha256(), ((ModuleCode.Wasm) back.code()).sha256());
    assertRoundTrip(new ModuleActor.Deploy(ModuleCode.JavaClass.of(Inventory.class), actor()));
    assertRoundTrip(new ModuleActor.Remove(actor()));
    assertCallRoundTrip(
        new ModuleActor.Call(
            "transfer", new Args.Json("[1, 2, \"x\"]"), "http", "key-1", actor(), 123_456_789L));
    assertCallRoundTrip(
        new ModuleActor.Call("open", Args.Values.of("ann", 5L), null, null, actor()));
    long before = System.nanoTime();
    var batch =
        (ModuleActor.CallBatch)
            roundTrip(
                new ModuleActor.CallBatch(
                    List.of(
                        new ModuleActor.Call(
                            "transfer", new Args.Json("[1, 2, 3]"), "http", "k", null, 9),
                        new ModuleActor.Call(
                            "open", Args.Values.of("ann", 5L), null, null, null, 9)),
                    actor()));
    long arrived = batch.calls().get(0).receivedNanos();
    assertTrue(arrived >= before && arrived <= System.nanoTime(), "stamped on arrival");
    DeepEquals.assertDeepEquals(
        new ModuleActor.CallBatch(
            List.of(
                new ModuleActor.Call(
                    "transfer", new Args.Json("[1, 2, 3]"), "http", "k", null, arrived),
                new ModuleActor.Call("open", Args.Values.of("ann", 5L), null, null, null, arrived)),
            batch.replyTo()),
        batch);
    assertRoundTrip(new ModuleActor.CallBatch(List.of(), actor()));
    assertRoundTrip(
        new ModuleActor.Deliver(
            "bank",
            Long.MAX_VALUE,
            OutboxEntry.Kind.EVENT,
            "opened",
            "[{\"id\":1}]".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            31,
            "client call bank.open"));
    assertRoundTrip(
        new ModuleActor.Deliver("a", 1, OutboxEntry.Kind.CALL, "r", new byte[0], 0, ""));
    assertRoundTrip(new ModuleActor.Acknowledge("audit", 17, null));
    assertRoundTrip(new ModuleActor.Acknowledge("audit", 18, "module audit is not deployed"));
    assertRoundTrip(
        new ModuleActor.RegisterSubscriptions(
            "audit",
            List.of(
                SubscriptionSchema.parse("bank.accounts.insert", "opened"),
                new SubscriptionSchema("bank", "accounts", RowEvent.DELETE, "closed"))));
    assertRoundTrip(new ModuleActor.RegisterSubscriptions("audit", List.of()));
    assertRoundTrip(new ModuleActor.SubscriptionsRegistered("bank", null));
    assertRoundTrip(new ModuleActor.SubscriptionsRegistered("bank", "no table ledger"));
    assertRoundTrip(new ModuleActor.SubscribeLive(Set.of("accounts", "audit"), actor(), actor()));
    assertRoundTrip(new ModuleActor.UnsubscribeLive(actor()));
    assertRoundTrip(new ModuleActor.Query("balance", Args.Values.of(1L), "local", actor()));
    assertRoundTrip(new ModuleActor.ReadRows("accounts", null, Integer.MAX_VALUE, actor()));
    assertRoundTrip(new ModuleActor.ReadRows("accounts", "[7]", 100, actor()));
    assertRoundTrip(new ModuleActor.Describe(actor()));
  }

  @Test
  void shouldRoundTripArgumentsOfEveryValueKind() {
    var values =
        Args.Values.of(
            null,
            true,
            false,
            Integer.MIN_VALUE,
            Long.MAX_VALUE,
            Float.NEGATIVE_INFINITY,
            -0.0,
            "",
            "naïve 🙂",
            "lone \uD800 surrogate",
            Bytes.of(new byte[] {9, 8, 7}),
            List.of(1L, 2L),
            Arrays.asList("a", null),
            StructValue.of(1, List.of(StructValue.of("deep", COLOR.value("red")))),
            COLOR.value("green"),
            List.of(List.of(List.of(Bytes.empty()))));
    var back = assertRoundTrip(new ModuleActor.Query("q", values, "c", actor()));
    var args = ((Args.Values) back.args()).values();
    assertEquals("lone \uD800 surrogate", args.get(9), "kept, so the module refuses it itself");
    assertEquals(
        Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits((Double) args.get(6)));
    assertThrows(UnsupportedOperationException.class, () -> args.add(1L));
    var nested = (List<?>) ((StructValue) args.get(13)).get(1);
    assertThrows(UnsupportedOperationException.class, () -> nested.remove(0));
  }

  @Test
  void shouldRoundTripEveryReply() {
    for (var kind : ErrorKind.values()) {
      assertRoundTrip(new ModuleActor.Failed(kind, "refused: " + kind));
    }
    assertRoundTrip(new ModuleActor.Failed(ErrorKind.INTERNAL, null));
    assertRoundTrip(new ModuleActor.Removed("bank"));
    assertRoundTrip(new ModuleActor.Deployed(info()));
    assertRoundTrip(
        new ModuleActor.Described(
            new ModuleInfo(
                "m", 1, "wasm:0123456789ab", null, 0, null, "none", "cannot load", null)));
    assertRoundTrip(new ModuleActor.Committed(Long.MAX_VALUE, 1_767_225_600_000_001L));
    assertRoundTrip(
        new ModuleActor.CallsAnswered(
            List.of(
                new ModuleActor.Committed(7, 8),
                new ModuleActor.Failed(ErrorKind.REDUCER_FAILED, "insufficient funds"),
                new ModuleActor.Failed(ErrorKind.UNAVAILABLE, null))));
    assertRoundTrip(new ModuleActor.Answered(Type.option(POINT), StructValue.of(0.5f, 0.25, "p")));
    assertRoundTrip(new ModuleActor.Answered(Type.option(POINT), null));
    assertRoundTrip(new ModuleActor.Answered(Type.list(Type.bytes()), List.of(Bytes.empty())));
    var rows = assertRoundTrip(new ModuleActor.Rows(SHAPES, List.of(SHAPE, PLAIN_SHAPE), true));
    assertThrows(UnsupportedOperationException.class, () -> rows.rows().remove(0));
    assertRoundTrip(new ModuleActor.Rows(SHAPES, new ArrayList<>(), false));
  }

  @Test
  void shouldRoundTripLiveUpdates() {
    var current =
        assertRoundTrip(
            new LiveUpdate.Current(
                "shapes", 9, Map.of("shapes", List.of(SHAPE, PLAIN_SHAPE), "empty", List.of())));
    assertThrows(UnsupportedOperationException.class, () -> current.rows().remove("shapes"));
    var ordered = new LinkedHashMap<String, List<Object[]>>();
    ordered.put("b", List.<Object[]>of(new Object[] {1L}));
    ordered.put("a", List.<Object[]>of());
    var back = assertRoundTrip(new LiveUpdate.Current("m", 0, ordered));
    assertEquals(List.of("b", "a"), List.copyOf(back.rows().keySet()), "in the order sent");
    assertRoundTrip(
        new LiveUpdate.Committed(
            "shapes",
            10,
            List.of(
                new LiveUpdate.RowUpdate("shapes", LiveUpdate.Kind.INSERT, null, SHAPE),
                new LiveUpdate.RowUpdate("shapes", LiveUpdate.Kind.UPDATE, SHAPE, PLAIN_SHAPE),
                new LiveUpdate.RowUpdate("shapes", LiveUpdate.Kind.DELETE, PLAIN_SHAPE, null))));
    assertRoundTrip(new LiveUpdate.Ended("shapes", "module shapes stopped"));
    assertRoundTrip(new LiveUpdate.Ended("shapes", null));
  }

  @Test
  void shouldResolveActorReferencesToTheSameActors() {
    ActorRef<ModuleActor.CallReply> replyTo = actor();
    var call = new ModuleActor.Call("r", Args.Values.of(), "c", replyTo);
    var back = (ModuleActor.Call) roundTrip(call);
    assertEquals(replyTo, back.replyTo());
    assertEquals(replyTo.path(), back.replyTo().path());
    var bytes = new String(serializer().toBinary(call), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(
        bytes.contains(system.address().toString() + "/system/probe-"),
        "the node's address goes with the path: " + bytes);
  }

  @Test
  void shouldWriteTheDocumentedBytes() {
    var hex = HexFormat.of();
    var serializer = serializer();
    assertEquals(
        "01" + "0100000000000000" + "ffffffffffffff7f",
        hex.formatHex(serializer.toBinary(new ModuleActor.Committed(1, Long.MAX_VALUE))));
    assertEquals(
        "01" + "03" + "01" + "02" + "6f6b",
        hex.formatHex(serializer.toBinary(new ModuleActor.Failed(ErrorKind.BAD_ARGUMENTS, "ok"))));
    assertEquals(
        "01" + "03" + "01" + "04" + "61efbfbd",
        hex.formatHex(
            serializer.toBinary(new ModuleActor.Failed(ErrorKind.BAD_ARGUMENTS, "a\uDC00"))),
        "free text with an unpaired surrogate goes as U+FFFD");
  }

  @Test
  void shouldKeepItsIdentifierAndManifests() {
    var serializer = serializer();
    assertEquals(7432, serializer.identifier());
    assertEquals(
        List.of(
            "Deploy",
            "Remove",
            "Call",
            "CallBatch",
            "Deliver",
            "Acknowledge",
            "RegisterSubscriptions",
            "SubscriptionsRegistered",
            "SubscribeLive",
            "UnsubscribeLive",
            "Query",
            "ReadRows",
            "Describe",
            "Failed",
            "Removed",
            "Deployed",
            "Committed",
            "CallsAnswered",
            "Answered",
            "Rows",
            "Described",
            "LiveCurrent",
            "LiveCommitted",
            "LiveEnded"),
        ClusterMessageSerializer.formats().stream().map(MessageFormat::manifest).toList());
  }

  /** A cluster message nobody gave a format. */
  record Stray(String text) implements ClusterMessage {}

  @Test
  void shouldRefuseAClassWithoutAFormatByName() {
    var error = assertThrows(IllegalArgumentException.class, () -> roundTripBytes(new Stray("x")));
    assertTrue(error.getMessage().contains(Stray.class.getName()), error.getMessage());
  }

  private static byte[] roundTripBytes(Object message) {
    return serializer().toBinary(message);
  }

  @Test
  void shouldRefuseAValueThatIsNotAnSdkValueByItsClass() {
    var call =
        new ModuleActor.Call("r", Args.Values.of(1L, List.of(new java.util.Date(0))), "c", actor());
    var error = assertThrows(IllegalArgumentException.class, () -> roundTripBytes(call));
    assertTrue(error.getMessage().contains("java.util.Date"), error.getMessage());
    assertEquals(
        "[1][0]: java.util.Date",
        TaggedValues.firstUnsendable(((Args.Values) call.args()).values()));
    assertNull(TaggedValues.firstUnsendable(List.of(1L, List.of(StructValue.of("a")))));
  }

  @Test
  void shouldRefuseUnknownManifestsVersionsAndDamagedBytes() {
    var serializer = serializer();
    var unknown =
        assertThrows(
            NotSerializableException.class, () -> serializer.fromBinary(new byte[] {1}, "Nope"));
    assertTrue(unknown.getMessage().contains("'Nope'"), unknown.getMessage());
    var bytes = serializer.toBinary(new ModuleActor.Removed("bank"));
    var newer = bytes.clone();
    newer[0] = 3;
    var version =
        assertThrows(NotSerializableException.class, () -> serializer.fromBinary(newer, "Removed"));
    assertTrue(version.getMessage().contains("format version 3"), version.getMessage());
    for (int cut = 0; cut < bytes.length; cut++) {
      var truncated = Arrays.copyOf(bytes, cut);
      assertThrows(
          NotSerializableException.class, () -> serializer.fromBinary(truncated, "Removed"));
    }
    var trailing = Arrays.copyOf(bytes, bytes.length + 1);
    var error =
        assertThrows(
            NotSerializableException.class, () -> serializer.fromBinary(trailing, "Removed"));
    assertTrue(error.getMessage().contains("trailing"), error.getMessage());
    var failed = serializer.toBinary(new ModuleActor.Failed(ErrorKind.INTERNAL, null));
    failed[1] = 99;
    var kind =
        assertThrows(NotSerializableException.class, () -> serializer.fromBinary(failed, "Failed"));
    assertTrue(kind.getMessage().contains("unknown error kind code 99"), kind.getMessage());
  }

  @Test
  void shouldGiveEveryMessageAFormatOrKeepItOnItsNode() {
    var formatted = ClusterMessageSerializer.formats().stream().map(MessageFormat::type).toList();
    var messages = new ArrayList<Class<?>>();
    messages.addAll(List.of(ModuleActor.Command.class.getPermittedSubclasses()));
    for (var reply :
        List.of(
            ModuleActor.DeployReply.class,
            ModuleActor.CallReply.class,
            ModuleActor.BatchReply.class,
            ModuleActor.QueryReply.class,
            ModuleActor.RowsReply.class,
            ModuleActor.DescribeReply.class,
            ModuleActor.RemoveReply.class,
            LiveUpdate.class)) {
      messages.addAll(List.of(reply.getPermittedSubclasses()));
    }
    for (var message : messages) {
      boolean cluster = ClusterMessage.class.isAssignableFrom(message);
      boolean local = NoSerializationVerificationNeeded.class.isAssignableFrom(message);
      assertNotEquals(cluster, local, message.getName() + " must be one or the other");
      assertEquals(cluster, formatted.contains(message), message.getName() + " has a format");
    }
    for (var type : formatted) {
      assertTrue(ClusterMessage.class.isAssignableFrom(type), type.getName());
      assertTrue(messages.contains(type), type.getName() + " is a message");
    }
    assertFalse(formatted.isEmpty());
  }

  @Test
  void shouldCarryAMessageLargerThanAFrameInAFileOfTheSharedDirectory() throws Exception {
    var serializer = serializer();
    var transfers = dataDir.resolve("transfers");
    var small = new ModuleActor.Answered(Type.string(), "x".repeat(1000));
    assertEquals(1, serializer.toBinary(small)[0], "a small message travels in its frame");
    var large = new ModuleActor.Answered(Type.string(), "é".repeat(300_000));
    var bytes = serializer.toBinary(large);
    assertTrue(bytes.length < 200, "only a reference travels: " + bytes.length + " bytes");
    assertEquals(LargeMessages.BY_FILE, bytes[0]);
    assertEquals(1, fileCount(transfers));
    DeepEquals.assertDeepEquals(large, serializer.fromBinary(bytes, "Answered"));
    assertEquals(0, fileCount(transfers), "the receiver deletes the file it read");
    var gone =
        assertThrows(
            NotSerializableException.class, () -> serializer.fromBinary(bytes, "Answered"));
    assertTrue(gone.getMessage().contains("same data directory"), gone.getMessage());

    var damaged = serializer.toBinary(large);
    try (var files = Files.list(transfers)) {
      var file = files.findFirst().orElseThrow();
      var content = Files.readAllBytes(file);
      content[content.length / 2] ^= 1;
      Files.write(file, content);
    }
    var changed =
        assertThrows(
            NotSerializableException.class, () -> serializer.fromBinary(damaged, "Answered"));
    assertTrue(changed.getMessage().contains("not what was sent"), changed.getMessage());

    var escape =
        new WireWriter(null).u8(2).text("../../etc.msg").i64(1).bytes(new byte[32]).toByteArray();
    var name =
        assertThrows(
            NotSerializableException.class, () -> serializer.fromBinary(escape, "Answered"));
    assertTrue(name.getMessage().contains("not a message file name"), name.getMessage());

    var stale = transfers.resolve(UUID.randomUUID() + ".msg");
    Files.write(stale, new byte[] {1});
    Files.setLastModifiedTime(
        stale, FileTime.from(Instant.now().minus(LargeMessages.MAX_AGE).minusSeconds(60)));
    var fresh = serializer().toBinary(large);
    assertTrue(Files.notExists(stale), "a file nobody read for an hour is swept");
    DeepEquals.assertDeepEquals(large, serializer.fromBinary(fresh, "Answered"));
  }

  private static long fileCount(Path dir) throws Exception {
    try (var files = Files.list(dir)) {
      return files.count();
    }
  }
}
