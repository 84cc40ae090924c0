package io.interstice.runtime.wasm;

import com.dylibso.chicory.wasm.WasmModule;
import io.interstice.runtime.module.code.DaemonPool;
import io.interstice.runtime.module.code.ModuleCode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles WebAssembly modules to JVM bytecode off the module actors' threads: on {@value #THREADS}
 * daemon threads of this JVM with a queue of {@value #QUEUE} modules, so that a large binary's
 * compilation never holds up a module's calls (they run on the interpreter meanwhile). A
 * compilation that takes longer than {@code interstice.wasm.compile-timeout}, fails, or finds the
 * queue full leaves its module on the interpreter, with one warning in the log and the reason in
 * {@link WasmEngine#describe()}. A timed-out compilation's thread is interrupted, and its result,
 * if it still comes, is dropped; the size limits of {@link WasmModuleLimits} bound how long it can
 * take.
 *
 * <p>Thread-safe: module actors on any thread submit; results complete on the compiling thread.
 */
final class BackgroundCompiler {
  static final int THREADS = 1;
  static final int QUEUE = 64;

  private static final Logger LOG = LoggerFactory.getLogger(BackgroundCompiler.class);
  private static final ThreadPoolExecutor EXECUTOR =
      DaemonPool.create("interstice-wasm-compiler", THREADS, QUEUE, 0);

  private BackgroundCompiler() {}

  /** Why a module stays on the interpreter, for {@link WasmEngine#describe()}. */
  static final class CompileFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CompileFailure(String message, Throwable cause) {
      super(message, cause, false, false);
    }
  }

  /**
   * Starts compiling {@code code} (parsed as {@code parsed}) with the depth limit {@code maxDepth};
   * the future completes with the compiled form, or exceptionally with a {@link CompileFailure}
   * saying why the module stays on the interpreter. Already compiled binaries complete at once.
   */
  static CompletableFuture<CompiledModules.Compiled> compile(
      ModuleCode.Wasm code, WasmModule parsed, int maxDepth, Duration timeout) {
    var known = CompiledModules.known(code, maxDepth);
    if (known != null) {
      return CompletableFuture.completedFuture(known);
    }
    return DaemonPool.supply(
            EXECUTOR, () -> CompiledModules.compiled(code, parsed, maxDepth), timeout)
        .handle(
            (compiled, error) -> {
              if (error != null) {
                throw new CompletionException(failure(error, timeout));
              }
              return compiled;
            });
  }

  private static CompileFailure failure(Throwable error, Duration timeout) {
    if (error instanceof RejectedExecutionException) {
      return new CompileFailure("compile queue full (" + QUEUE + " modules waiting)", error);
    }
    if (error instanceof TimeoutException) {
      return new CompileFailure(
          "compile timed out after " + timeout.toMillis() + " ms (interstice.wasm.compile-timeout)",
          null);
    }
    return new CompileFailure("compile failed: " + GuestInvocation.reason(error), error);
  }

  /** Logs, once per module, why it stays on the interpreter. */
  static void warn(ModuleCode.Wasm code, Throwable failure) {
    LOG.warn(
        "{} runs on the interpreter: {}",
        code.describe(),
        failure.getMessage(),
        failure.getCause());
  }

  /** Waits until no compilation is queued or running (for tests); false if it timed out. */
  static boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (EXECUTOR.getActiveCount() > 0 || !EXECUTOR.getQueue().isEmpty()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }
}
