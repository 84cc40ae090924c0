package io.interstice.runtime.module;

import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.module.code.DaemonPool;
import io.interstice.runtime.module.code.LoadedModule;
import io.interstice.runtime.module.code.ModuleLoadException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Loads a deploy's code off the module actors' threads: parsing, checking and describing a
 * WebAssembly binary, or introspecting a Java class, take time that grows with the code, and a
 * module's thread must stay free for its calls meanwhile. Runs on {@value #THREADS} daemon threads
 * of this JVM with large stacks (guest code runs there, like on the module dispatcher) and a queue
 * of {@value #QUEUE} deploys; every load completes within {@code
 * interstice.module.limits.deploy-time}, with the module or with a refusal.
 *
 * <p>Public so that offline tools ({@code interstice validate}, {@code schema}) load code exactly
 * as a deploy does, with the same checks, budget and refusals, without a node.
 *
 * <p>Thread-safe: module actors on any thread submit; results complete on a loader thread (or the
 * timer's, for a timeout) and go back to the actor through {@code pipeToSelf}.
 */
public final class DeployLoader {
  static final int THREADS = 2;
  static final int QUEUE = 64;
  private static final long STACK_SIZE = 16L << 20;

  private static final ThreadPoolExecutor EXECUTOR =
      DaemonPool.create("interstice-deploy-loader", THREADS, QUEUE, STACK_SIZE);

  private DeployLoader() {}

  /** What a load came to: the module, or why there is none and the kind of error to answer. */
  public record Outcome(LoadedModule module, ErrorKind kind, String error) {
    static Outcome refused(ErrorKind kind, String error) {
      return new Outcome(null, kind, error);
    }
  }

  /** Runs {@code load} on a loader thread; the stage always completes, normally. */
  public static CompletableFuture<Outcome> load(Supplier<LoadedModule> load, Duration budget) {
    return DaemonPool.supply(EXECUTOR, load, budget)
        .handle(
            (module, error) ->
                error == null ? new Outcome(module, null, null) : refusal(error, budget));
  }

  private static Outcome refusal(Throwable error, Duration budget) {
    if (error instanceof RejectedExecutionException) {
      return Outcome.refused(
          ErrorKind.UNAVAILABLE, "the node's queue of deploys to load is full; try again");
    }
    if (error instanceof TimeoutException) {
      return Outcome.refused(
          ErrorKind.BAD_MODULE,
          "loading the code took longer than "
              + budget.toMillis()
              + " ms (interstice.module.limits.deploy-time)");
    }
    if (error instanceof ModuleLoadException) {
      return Outcome.refused(ErrorKind.BAD_MODULE, error.getMessage());
    }
    // Even an exhausted heap answers the deploy now, not at the budget's end.
    return Outcome.refused(ErrorKind.BAD_MODULE, "the code cannot be loaded: " + describe(error));
  }

  /** A failure's message, never a class name of the engine. */
  private static String describe(Throwable e) {
    if (e instanceof StackOverflowError) {
      return "call stack exhausted";
    }
    if (e instanceof OutOfMemoryError) {
      return "the node ran out of memory while loading it";
    }
    var message = e.getMessage();
    return message == null || message.isBlank() ? "unexpected failure" : message;
  }
}
