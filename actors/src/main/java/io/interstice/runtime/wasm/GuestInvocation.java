package io.interstice.runtime.wasm;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.runtime.WasmException;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The frame every entry into guest code runs in, whether a deploy asks the binary to describe
 * itself or a reducer or query runs: it arms the {@link CallDeadline}, resets the call-depth
 * counter of a binary guarded by {@link CallDepthGuard}, runs the guest, and turns whatever stopped
 * it (a trap, a host fault, a limit it broke) into one message ({@link #explain}) that names the
 * limit if one was broken and never an engine's class name. Stateless; each invocation runs on its
 * caller's thread.
 */
final class GuestInvocation {
  /** Guest code to run on {@code target}; returns what the guest gave back. */
  interface Body<T> {
    T run(Instance target);
  }

  /** The exception a failed invocation throws, given the explained reason and the cause. */
  interface Failure {
    RuntimeException of(String reason, Throwable cause);
  }

  private final WasmSettings settings;
  private final Supplier<CallDeadline> deadlines;

  private GuestInvocation(WasmSettings settings, Supplier<CallDeadline> deadlines) {
    this.settings = settings;
    this.deadlines = deadlines;
  }

  /**
   * A deploy's invocations, which learn what a binary describes: under the time limit alone, since
   * they run on the deploy loader's threads, not among the module actors' calls.
   */
  static GuestInvocation describing(WasmSettings settings) {
    return new GuestInvocation(settings, () -> CallDeadline.start(settings.maxCallTime()));
  }

  /** A module's reducer and query calls: the time limit, and the bound on long calls. */
  static GuestInvocation calling(WasmSettings settings) {
    return new GuestInvocation(
        settings,
        () ->
            CallDeadline.start(
                settings.maxCallTime(), settings.longCallAfter(), settings.maxLongCalls()));
  }

  /**
   * Runs {@code body} on {@code target}, whose depth counter is global {@code depthGlobal} (-1 on
   * the interpreter), within the deadline; a failure is thrown as {@code failure} makes it. Errors
   * other than a stack overflow (an {@link OutOfMemoryError}, …) are not the guest's to explain:
   * they pass through once the deadline is disarmed.
   */
  <T> T run(Instance target, int depthGlobal, Body<T> body, Failure failure) {
    T result = null;
    Throwable failed = null;
    boolean expired;
    var deadline = deadlines.get();
    try {
      if (depthGlobal >= 0) {
        // A guest exception caught by the guest skips the decrements of the wrappers it unwound.
        target.global(depthGlobal).setValue(0);
      }
      result = body.run(target);
    } catch (RuntimeException | StackOverflowError e) {
      failed = e;
    } finally {
      expired = deadline.finish();
    }
    if (failed != null) {
      throw failure.of(explain(failed, expired, deadline.cutShort(), target, depthGlobal), failed);
    }
    return result;
  }

  /**
   * Why guest code failed, naming the limit it broke if it broke one. {@code expired}: the call's
   * deadline fired, {@code cutShort} because it ran long while too many others did ({@link
   * CallDeadline#cutShort}).
   */
  private String explain(
      Throwable failure, boolean expired, boolean cutShort, Instance target, int depthGlobal) {
    if (failure instanceof WasmLimitException) {
      return failure.getMessage();
    }
    if (expired && failure instanceof ChicoryInterruptedException) {
      var limit =
          cutShort
              ? WasmLimitException.longCalls(settings.longCallAfter(), settings.maxLongCalls())
              : WasmLimitException.time(settings.maxCallTime());
      return limit.getMessage();
    }
    if (depthGlobal >= 0
        && failure instanceof TrapException
        && CallDepthGuard.trapped(target, depthGlobal)) {
      return WasmLimitException.callDepth(settings.maxCallDepth()).getMessage();
    }
    return reason(failure);
  }

  /**
   * What went wrong, for a failure that broke no limit of this host: the message, or the kind of
   * failure when it has none. Also for failures outside an invocation (parsing, instantiating,
   * compiling).
   */
  static String reason(Throwable e) {
    if (e instanceof StackOverflowError) {
      return "call stack exhausted";
    }
    if (e instanceof WasmException) {
      var thrown = (WasmException) e;
      return "the guest threw a WebAssembly exception (tag "
          + thrown.tagIdx()
          + ") that nothing caught";
    }
    var message = e.getMessage();
    // Never an engine's class name: the caller learns what went wrong, not how we run guests.
    return e instanceof GuestFault || message != null && !message.isBlank()
        ? message
        : "the guest failed without a message (" + failureKind(e) + ")";
  }

  private static String failureKind(Throwable e) {
    var name = e.getClass().getSimpleName();
    return name.isEmpty()
        ? "unnamed failure"
        : name.replaceAll("(Exception|Error)$", "").toLowerCase(Locale.ROOT);
  }
}
