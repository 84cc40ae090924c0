package io.interstice.runtime.wasm;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import io.interstice.runtime.module.code.ModuleCode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The compiled modules of this JVM, so that a binary is compiled once per node and depth limit, not
 * once per module actor: an actor that stops and starts again (a restart after a failure, a
 * passivation, later a move between nodes and back) reuses the machine factory its binary was
 * compiled to. Keyed by the binary's SHA-256 and the depth limit baked into the rewrite; holds the
 * {@value #CAPACITY} most recently used, since each holds generated classes.
 *
 * <p>Thread-safe: module actors and the {@link BackgroundCompiler} look up and add. Two actors
 * compiling the same binary at once both compile, and one result is kept; compiling outside the
 * lock keeps one module's long compilation from holding up the others.
 */
final class CompiledModules {
  static final int CAPACITY = 64;

  private static final AtomicLong COMPILATIONS = new AtomicLong();

  /** A binary rewritten by {@link CallDepthGuard} and compiled. */
  record Compiled(WasmModule module, Function<Instance, Machine> machines, int depthGlobal) {}

  private record Key(String sha256, int maxDepth) {}

  private static final Map<Key, Compiled> CACHE =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Compiled> eldest) {
          return size() > CAPACITY;
        }
      };

  private CompiledModules() {}

  /** The compiled form of {@code code} with the depth limit {@code maxDepth}, or null if none. */
  static Compiled known(ModuleCode.Wasm code, int maxDepth) {
    synchronized (CACHE) {
      return CACHE.get(new Key(code.sha256(), maxDepth));
    }
  }

  /**
   * The compiled form of {@code code} (already parsed as {@code parsed}) with the depth limit
   * {@code maxDepth}, compiling it if this JVM has not yet.
   *
   * @throws RuntimeException or {@link LinkageError} when it cannot be compiled
   */
  static Compiled compiled(ModuleCode.Wasm code, WasmModule parsed, int maxDepth) {
    var key = new Key(code.sha256(), maxDepth);
    synchronized (CACHE) {
      var known = CACHE.get(key);
      if (known != null) {
        return known;
      }
    }
    var guarded = CallDepthGuard.instrument(code.bytes(), parsed, maxDepth);
    var module = Parser.parse(guarded.bytes());
    var machines =
        MachineFactoryCompiler.builder(module)
            .withInterpreterFallback(InterpreterFallback.SILENT)
            .compile();
    COMPILATIONS.incrementAndGet();
    var compiled = new Compiled(module, machines, guarded.depthGlobal());
    synchronized (CACHE) {
      return CACHE.computeIfAbsent(key, k -> compiled);
    }
  }

  /** How many compilations this JVM ran so far (for tests). */
  static long compilations() {
    return COMPILATIONS.get();
  }
}
