package io.interstice.tests.damage;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Catches what the journal logs at WARN and above while the suite recovers thousands of damaged
 * logs: the console stays readable, and a silent case can show what the journal logged without
 * reporting it.
 *
 * <p>Thread-safety: the journal's threads append under the appender's own lock; {@link #drain}
 * takes the same lock.
 */
final class LogCapture implements AutoCloseable {
  private final Logger logger;
  private final Level level;
  private final boolean additive;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private LogCapture(Logger logger) {
    this.logger = logger;
    this.level = logger.getLevel();
    this.additive = logger.isAdditive();
    appender.setContext(logger.getLoggerContext());
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(Level.WARN);
    logger.setAdditive(false);
  }

  /** Starts catching the logger {@code name} and those below it. */
  static LogCapture of(String name) {
    return new LogCapture((Logger) LoggerFactory.getLogger(name));
  }

  /** What was logged since the last drain, one line each. */
  List<String> drain() {
    synchronized (appender) {
      var lines =
          appender.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
      appender.list.clear();
      return lines;
    }
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
    logger.setLevel(level);
    logger.setAdditive(additive);
  }
}
