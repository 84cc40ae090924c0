package io.interstice.tests.cluster;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Catches what Pekko logs when it cannot serialize a message: {@code serialize-messages} swallows
 * the failure where the message is sent (logging it), and remoting logs a message it cannot encode
 * and drops it. Either way the message is lost; a test that waits for what it carried would only
 * time out, and one that does not wait (an acknowledgement, which the next resend repairs) would
 * not notice at all. Pekko's logging stays on the console as well.
 *
 * <p>Thread-safety: Pekko's logging actors append under the appender's own lock; {@link #drain}
 * takes the same lock.
 */
final class SerializationFailures implements AutoCloseable {
  private static final String PEKKO = "org.apache.pekko";

  private final Logger logger = (Logger) LoggerFactory.getLogger(PEKKO);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private SerializationFailures() {
    appender.setContext(logger.getLoggerContext());
    appender.start();
    logger.addAppender(appender);
  }

  static SerializationFailures watch() {
    return new SerializationFailures();
  }

  /** The serialization failures logged since the last drain, each once; forgets them. */
  List<String> drain() {
    synchronized (appender) {
      var failures =
          appender.list.stream()
              .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN) && aboutSerialization(e))
              .map(e -> e.getFormattedMessage() + describe(e.getThrowableProxy()))
              .distinct()
              .toList();
      appender.list.clear();
      return failures;
    }
  }

  private static boolean aboutSerialization(ILoggingEvent event) {
    if (mentionsSerialization(event.getFormattedMessage())) {
      return true;
    }
    for (var cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
      if (mentionsSerialization(cause.getClassName())
          || mentionsSerialization(cause.getMessage())) {
        return true;
      }
    }
    return false;
  }

  private static boolean mentionsSerialization(String text) {
    return text != null && text.toLowerCase(Locale.ROOT).contains("serializ");
  }

  private static String describe(IThrowableProxy failure) {
    var text = new StringBuilder();
    for (var cause = failure; cause != null; cause = cause.getCause()) {
      text.append(" <- ").append(cause.getClassName()).append(": ").append(cause.getMessage());
    }
    return text.toString();
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
  }
}
