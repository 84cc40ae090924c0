package io.interstice.bench;

import io.interstice.examples.bank.Bank;
import io.interstice.runtime.node.IntersticeNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bank modules the transfer rows run: the Java example and its WebAssembly build on each of
 * Chicory's engines. All are deployed as the module {@code bank} with the same schema, reducers and
 * refusal messages, so one load runs on any of them.
 */
enum TransferModule {
  /** The Java example module {@link Bank}. */
  JAVA("java", null),
  /** {@code bank.wasm} compiled to JVM bytecode by Chicory's compiler at its first call. */
  WASM_COMPILED("wasm-compiled", "compiled"),
  /** {@code bank.wasm} on Chicory's interpreter. */
  WASM_INTERPRETER("wasm-interpreter", "interpreter");

  /** The WebAssembly bank, relative to the repository root the benchmark runs from. */
  static final Path WASM_BANK = Path.of("modules", "examples", "bank-wasm", "bank.wasm");

  final String label;
  private final String engine;

  TransferModule(String label, String engine) {
    this.label = label;
    this.engine = engine;
  }

  boolean wasm() {
    return engine != null;
  }

  /** Node configuration (HOCON) this module needs: the WebAssembly engine, if any. */
  String config() {
    return wasm() ? "interstice.wasm.engine = " + engine + "\n" : "";
  }

  /** Deploys this module on {@code node}. */
  void deploy(IntersticeNode node) {
    if (!wasm()) {
      node.deploy(Bank.class);
      return;
    }
    try {
      node.deployWasm(Files.readAllBytes(WASM_BANK));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read " + WASM_BANK.toAbsolutePath() + " (run from the repository root)", e);
    }
  }

  static TransferModule byLabel(String label) {
    for (var module : values()) {
      if (module.label.equals(label)) {
        return module;
      }
    }
    throw new IllegalArgumentException(
        "unknown module '" + label + "'; use java, wasm-compiled or wasm-interpreter");
  }
}
