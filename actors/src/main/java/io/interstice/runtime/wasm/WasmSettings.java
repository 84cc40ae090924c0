package io.interstice.runtime.wasm;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How WebAssembly modules run and the limits every call runs under, from {@code interstice.wasm}
 * (documented in {@code reference.conf} and {@code modules/wasm-sdk/ABI.md}).
 *
 * @param engine how guest code is executed
 * @param maxCallTime wall time one call may take before its thread is interrupted and it traps
 * @param maxMemoryPages pages of 64 KiB a guest's memory may grow to; growing beyond traps
 * @param maxCallDepth nested WebAssembly calls one call may make; one more traps
 * @param maxModuleBytes size of the largest binary a deploy accepts
 * @param longCallAfter how long a call runs before it counts as a long call
 * @param maxLongCalls long calls that may run at once on the node; a call that becomes long while
 *     as many others are is stopped there
 * @param compileTimeout how long compiling one module may take before it stays on the interpreter
 * @param limits what one binary may declare, checked at deploy
 */
public record WasmSettings(
    Engine engine,
    Duration maxCallTime,
    int maxMemoryPages,
    int maxCallDepth,
    long maxModuleBytes,
    Duration longCallAfter,
    int maxLongCalls,
    Duration compileTimeout,
    WasmModuleLimits limits) {

  /** How guest code is executed. */
  public enum Engine {
    /**
     * Compiled to JVM bytecode with Chicory's runtime compiler, once per module, in the background
     * after it is loaded (calls are interpreted until it is ready); functions the compiler cannot
     * translate fall back to the interpreter.
     */
    COMPILED,
    /** Interpreted by Chicory's interpreter: slower, no compilation pause. */
    INTERPRETER
  }

  public WasmSettings {
    if (maxCallTime.isNegative()
        || maxCallTime.isZero()
        || maxCallTime.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException(
          "interstice.wasm.max-call-time must be positive and at most 1h: " + maxCallTime);
    }
    if (maxMemoryPages < 1 || maxMemoryPages > 65536) {
      throw new IllegalArgumentException(
          "interstice.wasm.max-memory-pages must be between 1 and 65536: " + maxMemoryPages);
    }
    if (maxCallDepth < 1) {
      throw new IllegalArgumentException(
          "interstice.wasm.max-call-depth must be >= 1: " + maxCallDepth);
    }
    if (longCallAfter.isNegative() || longCallAfter.isZero()) {
      throw new IllegalArgumentException(
          "interstice.wasm.long-call-after must be positive: " + longCallAfter);
    }
    if (maxLongCalls < 1) {
      throw new IllegalArgumentException(
          "interstice.wasm.max-long-calls must be >= 1 (or 0 in the configuration for one fewer"
              + " than the processors): "
              + maxLongCalls);
    }
    if (maxModuleBytes < 8 || maxModuleBytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "interstice.wasm.max-module-size must be between 8 bytes and 2 GiB: " + maxModuleBytes);
    }
    if (compileTimeout.isNegative() || compileTimeout.isZero()) {
      throw new IllegalArgumentException(
          "interstice.wasm.compile-timeout must be positive: " + compileTimeout);
    }
    Objects.requireNonNull(limits, "limits");
  }

  public static WasmSettings fromConfig(Config config) {
    var wasm = config.getConfig("interstice.wasm");
    var engine = wasm.getString("engine");
    Engine parsed;
    try {
      parsed = Engine.valueOf(engine.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "interstice.wasm.engine must be compiled or interpreter: " + engine, e);
    }
    return new WasmSettings(
        parsed,
        wasm.getDuration("max-call-time"),
        wasm.getInt("max-memory-pages"),
        wasm.getInt("max-call-depth"),
        wasm.getBytes("max-module-size"),
        wasm.getDuration("long-call-after"),
        longCalls(wasm.getInt("max-long-calls")),
        wasm.getDuration("compile-timeout"),
        WasmModuleLimits.fromConfig(wasm));
  }

  /** 0 means one fewer than the processors, at least one: a core stays free for short calls. */
  private static int longCalls(int configured) {
    return configured != 0
        ? configured
        : Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
  }
}
