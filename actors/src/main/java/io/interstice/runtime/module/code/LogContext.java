package io.interstice.runtime.module.code;

import org.slf4j.MDC;

/**
 * The SLF4J MDC keys every log line about a module carries — {@value #MODULE}, {@value #REDUCER}
 * (or query) and {@value #TX} (the transaction id) — set only around the line itself: a line is
 * rare, a call is not, so the hot path of a call never touches the MDC. A JSON log format ({@code
 * -Dinterstice.log.format=json}) shows them as fields of each line's {@code mdc}. Stateless; the
 * MDC is the calling thread's.
 */
public final class LogContext {
  /** MDC key of the module's name. */
  public static final String MODULE = "module";

  /** MDC key of the reducer or query that was running, when there is one. */
  public static final String REDUCER = "reducer";

  /** MDC key of the transaction id, when there is one (0 for a query). */
  public static final String TX = "tx";

  private LogContext() {}

  /**
   * Runs {@code line}, which logs, with the three keys set; a null reducer or tx below 0 is left
   * out.
   */
  public static void log(String module, String reducer, long txId, Runnable line) {
    MDC.put(MODULE, module);
    if (reducer != null) {
      MDC.put(REDUCER, reducer);
    }
    if (txId >= 0) {
      MDC.put(TX, Long.toString(txId));
    }
    try {
      line.run();
    } finally {
      MDC.remove(MODULE);
      MDC.remove(REDUCER);
      MDC.remove(TX);
    }
  }

  /** Runs {@code line} with only the module's key set: a line about the module as a whole. */
  public static void log(String module, Runnable line) {
    log(module, null, -1, line);
  }
}
