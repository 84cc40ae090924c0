package io.interstice.runtime.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.runtime.CallFailedException;
import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.node.IntersticeNode;
import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.schema.ReducerSchema;
import io.interstice.sdk.schema.RowEvent;
import io.interstice.sdk.schema.SchemaCodec;
import io.interstice.sdk.schema.SubscriptionSchema;
import io.interstice.sdk.schema.TableSchema;
import io.interstice.sdk.value.Type;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile binaries written the way an attacker would, each deployed to a real node beside a healthy
 * module: every one is refused (or its call trapped) quickly, with a message of bounded length
 * naming the limit and its setting, never an engine's class name; the healthy module goes on
 * serving. The large binaries are generated here ({@link GuestBinary}) rather than committed.
 */
class WasmResourceLimitsTest {
  private static final Duration BUDGET = Duration.ofSeconds(20);
  private static final int MAX_MESSAGE = 4096;

  @TempDir static Path dir;

  private static IntersticeNode node;

  @BeforeAll
  static void start() throws IOException {
    node =
        IntersticeNode.builder().dataDir(dir).config("interstice.wasm.max-call-time = 1s").start();
    node.deployWasm(
        Files.readAllBytes(Path.of("..", "modules", "examples", "hello-wasm", "hello.wasm")));
  }

  @AfterAll
  static void stop() {
    node.call("hello", "hello", "still here");
    node.close();
  }

  /** Deploys {@code binary} on {@code target}; returns the refusal, checked for its shape. */
  private static String refused(IntersticeNode target, byte[] binary, String expected) {
    long started = System.nanoTime();
    var failure = assertThrows(CallFailedException.class, () -> target.deployWasm(binary));
    var took = Duration.ofNanos(System.nanoTime() - started);
    var message = failure.getMessage();
    assertEquals(ErrorKind.BAD_MODULE, failure.kind(), message);
    assertTrue(took.compareTo(BUDGET) < 0, "the refusal took " + took);
    assertTrue(message.length() <= MAX_MESSAGE, "a message of " + message.length());
    assertTrue(message.contains(expected), () -> "expected \"" + expected + "\" in: " + message);
    assertFalse(message.matches("(?s).*(chicory|Exception|Error\\b).*"), message);
    return message;
  }

  private static String refused(byte[] binary, String expected) {
    return refused(node, binary, expected);
  }

  private static IntersticeNode raised(Path dataDir) {
    return IntersticeNode.builder()
        .dataDir(dataDir)
        .config(
            "interstice.wasm { max-schema-size = 15MiB, max-function-size = 8MiB,"
                + " max-code-size = 8MiB }\n"
                + "interstice.module.limits.max-tables = 5000")
        .start();
  }

  @Test
  void shouldRefuseSeveralMemories() {
    refused(new GuestBinary().memories(200).build(), "declares 200 memories");
  }

  @Test
  void shouldRefuseHugeTables() {
    refused(
        new GuestBinary().table(5_000_000, 5_000_000).build(),
        "5000000 initial table elements, more than the limit of 100000"
            + " (interstice.wasm.max-table-elements)");
    var many = new GuestBinary();
    for (int i = 0; i < 400; i++) {
      many.table(1, 1);
    }
    refused(many.build(), "400 tables, more than the limit of 16 (interstice.wasm.max-tables)");
  }

  @Test
  void shouldTrapATableGrowingPastTheLimit() {
    // loop: table.grow 0 (ref.null func, 1000) != -1: br_if 0; then return 0
    var grow =
        new byte[] {
          0x03,
          0x40,
          (byte) 0xD0,
          0x70,
          0x41,
          (byte) 0xE8,
          0x07,
          (byte) 0xFC,
          0x0F,
          0x00,
          0x41,
          0x7F,
          0x47,
          0x0D,
          0x00,
          0x0B,
          0x41,
          0x00
        };
    var schema = SchemaCodec.encode(GuestBinary.schema("grower"));
    node.deployWasm(new GuestBinary().schema(schema).table(1, -1).reducer(grow).build());
    for (int call = 0; call < 3; call++) {
      var failure = assertThrows(CallFailedException.class, () -> node.call("grower", "add"));
      assertEquals(ErrorKind.MODULE_FAILED, failure.kind());
      assertTrue(
          failure.getMessage().contains("(interstice.wasm.max-table-elements)"),
          failure.getMessage());
    }
  }

  @Test
  void shouldStopALoopOfBrIfAtTheTimeLimitOnTheInterpreter(@TempDir Path other) {
    // loop: i32.const 1; br_if 0; end; i32.const 0 (Chicory's interpreter checks br only)
    var spin = new byte[] {0x03, 0x40, 0x41, 0x01, 0x0D, 0x00, 0x0B, 0x41, 0x00};
    try (var interpreted =
        IntersticeNode.builder()
            .dataDir(other)
            .config("interstice.wasm { engine = interpreter, max-call-time = 200ms }")
            .start()) {
      interpreted.deployWasm(new GuestBinary().reducer(spin).build());
      var failure = assertThrows(CallFailedException.class, () -> interpreted.call("quirk", "add"));
      assertTrue(
          failure.getMessage().contains("(interstice.wasm.max-call-time)"), failure.getMessage());
    }
  }

  @Test
  void shouldRefuseGcTypesAndInstructions() {
    refused(
        new GuestBinary().type(new byte[] {0x5E, 0x7F, 0x01}).build(),
        "GC proposal), which this host does not run");
    // i32.const 1; ref.i31; drop
    var i31 = new byte[] {0x41, 0x01, (byte) 0xFB, 0x1C, 0x1A, 0x41, 0x00};
    refused(
        new GuestBinary().functions(1, i31).build(),
        "ref_i31 in function 7, an instruction of the GC proposal");
  }

  @Test
  void shouldRefuseAHugeBrTable() {
    var brTable = brTable(3_000_000);
    refused(new GuestBinary().functions(1, brTable).build(), "(interstice.wasm.max-code-size)");
  }

  @Test
  void shouldRefuseAHugeBrTableEvenWhenFunctionsMayBeLarge(@TempDir Path other) {
    try (var raised = raised(other)) {
      refused(
          raised,
          new GuestBinary().functions(1, brTable(3_000_000)).build(),
          "br_table of 3000000 targets in function 7, more than the limit of 1024"
              + " (interstice.wasm.max-br-table-targets)");
    }
  }

  @Test
  void shouldRefuseTooManyFunctions() {
    refused(
        new GuestBinary().functions(400_000, new byte[] {0x41, 0x00}).build(),
        "400007 functions, more than the limit of 10000 (interstice.wasm.max-functions)");
  }

  @Test
  void shouldRefuseAHugeSchemaBeforeReadingIt() {
    refused(
        new GuestBinary().schema(SchemaCodec.encode(manyReducers(300_000))).build(),
        "more than the limit of 1048576 (interstice.wasm.max-schema-size)");
  }

  @Test
  void shouldRefuseTooManyReducersAndTablesBeforeValidating(@TempDir Path other) {
    try (var raised = raised(other)) {
      refused(
          raised,
          new GuestBinary().schema(SchemaCodec.encode(manyReducers(300_000))).build(),
          "300001 reducers, more than the limit of 4096"
              + " (interstice.module.limits.max-reducers)");
      var tables = ModuleSchema.builder("tables");
      for (int i = 0; i < 400_000; i++) {
        tables.table(
            TableSchema.builder("t" + i).column("id", Type.i64()).primaryKey("id").build());
      }
      refused(
          raised,
          new GuestBinary().schema(SchemaCodec.encode(tables.build())).build(),
          "400000 tables, more than the limit of 5000 (interstice.module.limits.max-tables)");
    }
  }

  @Test
  void shouldListTheFirstProblemsOfAnInvalidSchema(@TempDir Path other) {
    try (var raised = raised(other)) {
      var shortNames = ModuleSchema.builder("names");
      for (int i = 0; i < 3000; i++) {
        shortNames.table(
            TableSchema.builder("-" + i).column("id", Type.i64()).primaryKey("id").build());
      }
      refused(
          raised,
          new GuestBinary().schema(SchemaCodec.encode(shortNames.build())).build(),
          "… and 2,980 more problems");
      var longNames = ModuleSchema.builder("names");
      for (int i = 0; i < 1000; i++) {
        longNames.table(
            TableSchema.builder("-" + i + "x".repeat(4096))
                .column("id", Type.i64())
                .primaryKey("id")
                .build());
      }
      refused(
          raised,
          new GuestBinary().schema(SchemaCodec.encode(longNames.build())).build(),
          "cut to 4096");
    }
  }

  /** A function running a br_table of {@code targets} targets inside a block. */
  static byte[] brTable(int targets) {
    var out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x02, 0x40, 0x41, 0x00, 0x0E});
    GuestBinary.leb(out, targets);
    for (int i = 0; i <= targets; i++) {
      out.write(0);
    }
    out.writeBytes(new byte[] {0x0B, 0x41, 0x00});
    return out.toByteArray();
  }

  /** A schema of {@code count} more reducers, each subscribing to its own table. */
  private static ModuleSchema manyReducers(int count) {
    var schema =
        ModuleSchema.builder("quirk")
            .table(TableSchema.builder("items").column("id", Type.i64()).primaryKey("id").build())
            .reducer(ReducerSchema.of("add"));
    for (int i = 0; i < count; i++) {
      schema.reducer(ReducerSchema.of("r" + i));
      schema.subscription(new SubscriptionSchema("quirk", "items", RowEvent.INSERT, "r" + i));
    }
    return schema.build();
  }
}
