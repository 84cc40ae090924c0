package io.interstice.runtime.module.tx;

import io.interstice.runtime.IntersticeException;
import io.interstice.runtime.module.code.BoundedText;
import io.interstice.runtime.table.TableStateLostError;
import org.slf4j.Logger;

/**
 * How a reducer's or query's failure reads to its caller and in the node's log: what went wrong in
 * the module's terms, never a host class name or stack, and whether the module's tables can still
 * be trusted after it.
 */
public final class GuestFailures {
  private GuestFailures() {}

  /**
   * Whether a failure may have left the tables in a state no undo can repair, or the JVM in one
   * where going on is unsafe: the thread ran out of stack inside a table write, or the heap (or
   * another resource of the JVM) is exhausted. The module then comes back from its log.
   */
  static boolean losesTables(Throwable failure) {
    return failure instanceof TableStateLostError
        || failure instanceof VirtualMachineError && !(failure instanceof StackOverflowError);
  }

  /**
   * Whether the node's log should carry the failure's stack: a fault of the host, not one of the
   * runtime's own failures (a guest's trap, a limit it broke), whose message says all there is.
   */
  static boolean hostFault(Throwable failure) {
    return !(failure instanceof IntersticeException) && !losesTables(failure);
  }

  /**
   * Logs a failure described as {@code message}: with its stack (its message cut to {@code max})
   * when it is a fault of the host, without when the message says all there is.
   */
  public static void warn(Logger log, String message, Throwable failure, int max) {
    if (hostFault(failure)) {
      log.warn("{}", message, BoundedText.forLog(failure, max));
    } else {
      log.warn("{}", message);
    }
  }

  /** {@code what} ("bank.transfer") failed: why, in words. */
  public static String describe(String what, Throwable failure) {
    if (failure instanceof OutOfMemoryError) {
      return what
          + " failed: the node ran out of memory while it ran; its transaction was undone and the"
          + " module restarts from its log";
    }
    if (failure instanceof TableStateLostError lost) {
      return what + " failed: " + lost.getMessage();
    }
    if (failure instanceof IntersticeException) {
      return what + " failed: " + failure.getMessage();
    }
    var message = failure.getMessage();
    var kind = failure.getClass().getSimpleName();
    if (kind.isEmpty()) {
      kind = "an exception";
    }
    return what
        + " failed: "
        + (message == null || message.isBlank() ? kind : kind + ": " + message);
  }
}
