package io.interstice.runtime.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.examples.bank.Bank;
import io.interstice.runtime.CallFailedException;
import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.node.IntersticeNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WASM examples deployed on real nodes, run, recovered, and compared with the Java bank. */
class WasmModulesTest {
  private static final Path EXAMPLES = Path.of("..", "modules", "examples");

  /**
   * A module importing {@code wasi_snapshot_preview1.fd_write} and exporting only its memory and
   * {@code interstice_abi_version} (built with wat2wasm).
   */
  private static final byte[] WASI_IMPORT =
      HexFormat.of()
          .parseHex(
              "0061736d01000000010d0260047f7f7f7f017f6000017f02230116776173695f736e617073686f74"
                  + "5f70726576696577310866645f77726974650000030201010503010001072302066d656d6f"
                  + "7279020016696e74657273746963655f6162695f76657273696f6e00010a0601040041010b");

  /** A module with every export of the ABI whose {@code interstice_abi_version} returns 2. */
  private static final byte[] ABI_VERSION_2 =
      HexFormat.of()
          .parseHex(
              "0061736d01000000011a056000017f60017f017f60027f7f006000017e60037f7f7f017f0308"
                  + "0700010203040403050301000107a40108066d656d6f7279020016696e74657273746963655f"
                  + "6162695f76657273696f6e000010696e74657273746963655f616c6c6f6300010f696e746572"
                  + "73746963655f66726565000213696e74657273746963655f6465736372696265000317696e74"
                  + "657273746963655f63616c6c5f72656475636572000415696e74657273746963655f63616c6c"
                  + "5f7175657279000511696e74657273746963655f6f757470757400060a2207040041020b0400"
                  + "41080b02000b040042000b040041000b040041000b040042000b");

  @TempDir Path dir;

  private static byte[] example(String module, String file) throws IOException {
    return Files.readAllBytes(EXAMPLES.resolve(module).resolve(file));
  }

  private static List<List<Object>> rows(IntersticeNode node, String module, String table) {
    var rows = new ArrayList<List<Object>>();
    for (var row : node.rows(module, table)) {
      rows.add(Arrays.asList(row));
    }
    return rows;
  }

  @Test
  void shouldRunHelloAndRecoverItWithoutRunningIt() throws IOException {
    var hello = example("hello-wasm", "hello.wasm");
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      var info = node.deployWasm(hello);
      assertEquals("hello", info.schema().name());
      node.call("hello", "hello", "world");
      node.call("hello", "hello", "wasm");
      var refused = assertThrows(CallFailedException.class, () -> node.call("hello", "hello", ""));
      assertEquals(ErrorKind.REDUCER_FAILED, refused.kind());
      assertEquals("name must not be empty", refused.getMessage());
      assertEquals(
          List.of(List.of(1L, "world", "Hello, world!"), List.of(2L, "wasm", "Hello, wasm!")),
          rows(node, "hello", "greetings"));
      assertEquals(info.schema(), node.deployWasm(hello).schema(), "deploying again is a no-op");
    }
    long before = WasmEngine.instantiations();
    long compiledBefore = WasmEngine.compilations();
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      assertEquals(
          List.of(List.of(1L, "world", "Hello, world!"), List.of(2L, "wasm", "Hello, wasm!")),
          rows(node, "hello", "greetings"));
      assertEquals("hello", node.describe("hello").schema().name());
      assertEquals(before, WasmEngine.instantiations(), "recovery ran no WASM");
      assertEquals(compiledBefore, WasmEngine.compilations(), "recovery compiled nothing");
      node.call("hello", "hello", "again");
      assertEquals(3, node.rows("hello", "greetings").size());
      assertTrue(WasmEngine.instantiations() > before);
      assertEquals(
          compiledBefore,
          WasmEngine.compilations(),
          "the binary the first node compiled is reused by the restarted module");
      node.call("hello", "hello", "and again");
      assertEquals(compiledBefore, WasmEngine.compilations());
    }
  }

  /** The call sequence of the bank's README; returns the refusal messages in order. */
  private static List<Object> runBank(IntersticeNode node) {
    var outcomes = new ArrayList<Object>();
    node.call("bank", "open", "alice", 100L);
    node.call("bank", "open", "bob", 0L);
    node.call("bank", "transfer", 1L, 2L, 30L);
    node.call("bank", "deposit", 2L, 5L);
    outcomes.add(node.query("bank", "balance", 1L));
    outcomes.add(node.query("bank", "balance", 2L));
    Object[][] refused = {
      {"transfer", 2L, 1L, 500L},
      {"transfer", 1L, 9L, 1L},
      {"transfer", 1L, 1L, 1L},
      {"open", "alice", 1L},
      {"open", " ", 1L},
      {"deposit", 1L, -5L},
    };
    for (var call : refused) {
      var failure =
          assertThrows(
              CallFailedException.class,
              () -> node.call("bank", (String) call[0], Arrays.copyOfRange(call, 1, call.length)));
      outcomes.add(failure.kind() + ": " + failure.getMessage());
    }
    outcomes.add(node.query("bank", "account", "alice"));
    outcomes.add(node.query("bank", "account", "nobody"));
    outcomes.add(node.query("bank", "balance", 1L));
    return outcomes;
  }

  @Test
  void shouldRunTheWasmBankExactlyLikeTheJavaBank(@TempDir Path javaDir) throws IOException {
    List<Object> javaOutcomes;
    List<List<Object>> javaRows;
    try (var node = IntersticeNode.builder().dataDir(javaDir).start()) {
      node.deploy(Bank.class);
      javaOutcomes = runBank(node);
      javaRows = rows(node, "bank", "accounts");
    }
    var bank = example("bank-wasm", "bank.wasm");
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      node.deployWasm(bank);
      assertEquals(javaOutcomes, runBank(node));
      assertEquals(javaRows, rows(node, "bank", "accounts"));
    }
    long before = WasmEngine.instantiations();
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      assertEquals(javaRows, rows(node, "bank", "accounts"));
      assertEquals(before, WasmEngine.instantiations(), "recovery ran no WASM");
      assertEquals(70L, node.query("bank", "balance", 1L));
    }
  }

  @Test
  void shouldRefuseBadBinariesAndPersistNothing() throws IOException {
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      var garbage =
          assertThrows(
              CallFailedException.class, () -> node.deployWasm(new byte[] {1, 2, 3, 4, 5}));
      assertEquals(ErrorKind.BAD_MODULE, garbage.kind());
      assertTrue(
          garbage.getMessage().contains("is not a valid WebAssembly binary"), garbage.getMessage());
      var wasi = assertThrows(CallFailedException.class, () -> node.deployWasm(WASI_IMPORT));
      assertEquals(ErrorKind.BAD_MODULE, wasi.kind());
      assertTrue(
          wasi.getMessage().contains("imports unknown function wasi_snapshot_preview1.fd_write"),
          wasi.getMessage());
      var version = assertThrows(CallFailedException.class, () -> node.deployWasm(ABI_VERSION_2));
      assertEquals(ErrorKind.BAD_MODULE, version.kind());
      assertTrue(version.getMessage().contains("speaks WASM ABI version 2"), version.getMessage());
    }
    // The log holds sharding's own bookkeeping (which modules run), but no module's history.
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      assertEquals(Set.of(), node.loggedModules(), "nothing was persisted");
    }
  }
}
