package io.interstice.runtime.module.code;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log lines of one reducer or query call, held to the module's limits: each line cut to
 * max-log-line, and once the call has logged {@link #MAX_LINES} lines or max-log-per-call
 * characters, one warning and nothing more. Lines go to the logger {@code
 * io.interstice.module.<module>}. Confined to the call's thread.
 */
public final class CallLog {
  /** Lines one call may log, however short. */
  public static final int MAX_LINES = 1000;

  private final Logger logger;
  private final String module;
  private final String label;
  private final long txId;
  private final ModuleLimits limits;
  private int lines;
  private long chars;
  private boolean dropped;

  /**
   * @param label what the lines are prefixed with, naming the module and the call
   * @param txId the call's transaction, 0 for a query
   */
  public CallLog(String module, String label, long txId, ModuleLimits limits) {
    this.logger = LoggerFactory.getLogger("io.interstice.module." + module);
    this.module = module;
    this.label = label;
    this.txId = txId;
    this.limits = limits;
  }

  /** The call's reducer or query: the label after the module's name. */
  private String call() {
    return label.startsWith(module + ".") ? label.substring(module.length() + 1) : label;
  }

  /** Whether later lines are dropped, so that a caller need not even decode them. */
  public boolean dropped() {
    return dropped;
  }

  /** Logs {@code text}, cut, unless the call has logged its fill. */
  public void line(String text) {
    if (dropped) {
      return;
    }
    var line = BoundedText.cut(text, limits.maxLogLine());
    lines++;
    if (lines > MAX_LINES || chars + line.length() > limits.maxLogPerCall()) {
      dropped = true;
      LogContext.log(
          module,
          call(),
          txId,
          () ->
              logger.warn(
                  "[{} tx {}] logged more than {} lines or {} characters"
                      + " (interstice.module.limits.max-log-per-call); the rest of its log is"
                      + " dropped",
                  label,
                  txId,
                  MAX_LINES,
                  limits.maxLogPerCall()));
      return;
    }
    chars += line.length();
    if (logger.isInfoEnabled()) {
      LogContext.log(module, call(), txId, () -> logger.info("[{} tx {}] {}", label, txId, line));
    }
  }
}
