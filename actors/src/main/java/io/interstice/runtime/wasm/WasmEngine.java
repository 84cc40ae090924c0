package io.interstice.runtime.wasm;

import com.dylibso.chicory.runtime.ExecutionListener;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import io.interstice.runtime.module.code.ModuleCode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Which machine runs one module's guest code, and the instance it runs on. In the {@link
 * WasmSettings.Engine#COMPILED} engine, the module is compiled in the background by the {@link
 * BackgroundCompiler} (after {@link CallDepthGuard} added the depth limit to it), once per node
 * ({@link CompiledModules}); calls run on the interpreter ({@link DepthLimitedInterpreter}) until
 * the compiled form is ready, and the next instance after that runs it. A module that cannot be
 * compiled in time stays on the interpreter ({@link #describe()} says why). Every instance gets the
 * imports of {@link WasmImports}, a {@link CappedMemory} and {@link CappedTable}s.
 *
 * <p>The instance is reused from call to call and dropped after any trap ({@link #drop()}), since a
 * trap can leave the guest's memory in any state. Used by one module actor at a time; only the
 * compilation completes on another thread, through a future.
 */
final class WasmEngine {
  private static final AtomicLong INSTANTIATIONS = new AtomicLong();

  private final ModuleCode.Wasm code;
  private final WasmModule module;

  /** The initial sizes of the module's tables, as declared (see {@link CappedTable}). */
  private final long[] tableSizes;

  private final WasmSettings settings;

  /** The call the instances' imports serve. */
  private final Supplier<WasmCall> current;

  /** The background compilation, or null on the interpreter engine and before it started. */
  private CompletableFuture<CompiledModules.Compiled> compiling;

  /** The depth counter of the guarded binary the instance runs, or -1 on the interpreter. */
  private int depthGlobal = -1;

  /** The instance calls run on, until one traps. */
  private Instance instance;

  /**
   * The engine of {@code module} (parsed from {@code code}), its imports serving {@code current}.
   */
  WasmEngine(
      ModuleCode.Wasm code, WasmModule module, WasmSettings settings, Supplier<WasmCall> current) {
    this.code = code;
    this.module = module;
    this.tableSizes = CappedTable.declaredSizes(module);
    this.settings = settings;
    this.current = current;
  }

  /** How many instances this host made so far, across all modules (for tests). */
  static long instantiations() {
    return INSTANTIATIONS.get();
  }

  /** How many modules this host compiled so far (for tests). */
  static long compilations() {
    return CompiledModules.compilations();
  }

  /** Waits until no module is being compiled (for tests); false if {@code timeout} passed first. */
  static boolean awaitCompilations(Duration timeout) throws InterruptedException {
    return BackgroundCompiler.awaitIdle(timeout);
  }

  /** Starts compiling the module in the background, if the configured engine compiles. */
  void startCompiling() {
    if (settings.engine() != WasmSettings.Engine.COMPILED) {
      return;
    }
    compiling =
        BackgroundCompiler.compile(
            code, module, settings.maxCallDepth(), settings.compileTimeout());
    compiling.whenComplete(
        (compiled, failure) -> {
          if (failure != null) {
            BackgroundCompiler.warn(code, failure);
          }
        });
  }

  /**
   * How the module's calls run: {@code compiled}, {@code interpreter} (the configured engine),
   * {@code interpreter (compiling)} while the compiled form is being made, or {@code interpreter
   * (…)} with the reason it could not be.
   */
  String describe() {
    if (compiling == null) {
      return "interpreter";
    }
    if (!compiling.isDone()) {
      return "interpreter (compiling)";
    }
    if (compiling.isCompletedExceptionally()) {
      try {
        compiling.join();
      } catch (CompletionException e) {
        return "interpreter (" + e.getCause().getMessage() + ")";
      }
    }
    return "compiled";
  }

  /**
   * The instance calls run on: the current one, unless it is interpreted and the compiled form has
   * become ready meanwhile (a guest keeps nothing across calls, so it can be dropped between them).
   */
  Instance instance() {
    var compiled = compiledForm();
    if (instance != null && depthGlobal < 0 && compiled != null) {
      instance = null;
    }
    if (instance == null) {
      if (compiled != null) {
        instance =
            instantiate(
                compiled.module(), tableSizes, compiled.machines(), null, current, settings);
        depthGlobal = compiled.depthGlobal();
      } else {
        instance = interpreted(module, tableSizes, current, settings);
        depthGlobal = -1;
      }
    }
    return instance;
  }

  /** The depth counter of the instance's binary, or -1 on the interpreter. */
  int depthGlobal() {
    return depthGlobal;
  }

  /**
   * Drops the instance, which guest code may have left in any state; the next call gets a fresh
   * one.
   */
  void drop() {
    instance = null;
  }

  /**
   * An interpreted instance of {@code module} on its own, for a deploy to learn what the binary
   * describes; its imports serve {@code current}.
   */
  static Instance interpreted(
      WasmModule module, Supplier<WasmCall> current, WasmSettings settings) {
    return interpreted(module, CappedTable.declaredSizes(module), current, settings);
  }

  /** The compiled form, if it is ready. */
  private CompiledModules.Compiled compiledForm() {
    if (compiling == null || !compiling.isDone() || compiling.isCompletedExceptionally()) {
      return null;
    }
    return compiling.join();
  }

  /** An interpreted instance: the depth limit, and branches that stop at the time limit. */
  private static Instance interpreted(
      WasmModule module, long[] tableSizes, Supplier<WasmCall> current, WasmSettings settings) {
    return instantiate(
        module,
        tableSizes,
        target -> new DepthLimitedInterpreter(target, settings.maxCallDepth()),
        DepthLimitedInterpreter.INTERRUPTIBLE_BRANCHES,
        current,
        settings);
  }

  private static Instance instantiate(
      WasmModule module,
      long[] tableSizes,
      Function<Instance, Machine> machines,
      ExecutionListener listener,
      Supplier<WasmCall> current,
      WasmSettings settings) {
    INSTANTIATIONS.incrementAndGet();
    var builder = Instance.builder(module);
    if (listener != null) {
      builder.withUnsafeExecutionListener(listener);
    }
    return builder
        .withImportValues(WasmImports.of(current))
        .withMachineFactory(machines)
        .withMemoryFactory(limits -> CappedMemory.of(limits, settings.maxMemoryPages()))
        .withTableFactory(CappedTable.factory(settings.limits().maxTableElements(), tableSizes))
        .build();
  }
}
