package io.interstice.tests.hostile;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;

/**
 * Measures what a node logs while an attack runs: every character of every line (message and stack)
 * counted, and the start and end of each line kept, so a test can bound the node's log output and
 * look for the lines it expects without holding what an unbounded node would log. The producer's
 * resends, logged at DEBUG, show while it is open.
 *
 * <p>Thread-safety: the node's threads append under the appender's lock; the counters are atomic
 * and {@link #lines} reads under the same lock, which {@code AppenderBase.doAppend} holds.
 */
final class NodeOutput extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  /** Characters kept of the start and of the end of each line, for {@link #lines}. */
  private static final int KEPT = 300;

  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final Logger resends =
      (Logger) LoggerFactory.getLogger("io.interstice.runtime.module.Deliveries");
  private final Level level = resends.getLevel();
  private final AtomicLong chars = new AtomicLong();
  private final List<String> lines = new ArrayList<>();

  private NodeOutput() {
    setContext(root.getLoggerContext());
    start();
    root.addAppender(this);
    resends.setLevel(Level.DEBUG);
  }

  static NodeOutput capture() {
    return new NodeOutput();
  }

  @Override
  protected void append(ILoggingEvent event) {
    var message = event.getFormattedMessage();
    long size = message == null ? 0 : message.length();
    for (var thrown = event.getThrowableProxy(); thrown != null; thrown = thrown.getCause()) {
      size += length(thrown);
    }
    chars.addAndGet(size);
    var line = event.getLevel() + " " + event.getLoggerName() + " " + message;
    lines.add(
        line.length() > 2 * KEPT
            ? line.substring(0, KEPT) + " … " + line.substring(line.length() - KEPT)
            : line);
  }

  private static long length(IThrowableProxy thrown) {
    long size = thrown.getClassName().length();
    size += thrown.getMessage() == null ? 0 : thrown.getMessage().length();
    return size + 80L * thrown.getStackTraceElementProxyArray().length;
  }

  /** Characters logged since the capture started. */
  long chars() {
    return chars.get();
  }

  /** The start and end of every line logged so far whose start or end contains {@code text}. */
  synchronized List<String> lines(String text) {
    return lines.stream().filter(line -> line.contains(text)).toList();
  }

  @Override
  public void close() {
    root.detachAppender(this);
    resends.setLevel(level);
    stop();
  }
}
