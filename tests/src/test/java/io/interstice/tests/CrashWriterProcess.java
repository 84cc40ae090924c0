package io.interstice.tests;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@link CrashWriter} child JVM seen from the test: whether it recovered (READY), and the events
 * it reported as acknowledged.
 *
 * <p>Thread-safety: as {@link ChildJvm}; used by the test thread.
 */
final class CrashWriterProcess {
  private static final Pattern ACK_LINE = Pattern.compile("ACK (\\S+) (\\d+) (\\S+)");
  private static final String ACK_PREFIX = CrashWriter.ACK + " ";

  /** An event the child reported as acknowledged. */
  record Ack(int run, String persistenceId, long sequenceNr, String text) {}

  private final int run;
  private final ChildJvm jvm;

  private CrashWriterProcess(int run, ChildJvm jvm) {
    this.run = run;
    this.jvm = jvm;
  }

  /**
   * Starts run number {@code run} of the writer on {@code dataDir}; stderr goes to {@code stderr}.
   */
  static CrashWriterProcess start(Path dataDir, Path stderr, int run, long seed)
      throws IOException {
    var jvm =
        ChildJvm.start(
            "crash writer " + run,
            CrashWriter.class,
            "crash-writer-logback.xml",
            stderr,
            List.of(dataDir.toString(), Integer.toString(run), Long.toString(seed)));
    return new CrashWriterProcess(run, jvm);
  }

  int run() {
    return run;
  }

  Process process() {
    return jvm.process();
  }

  /** True once the child printed READY; false when it ended or {@code timeout} passed first. */
  boolean awaitReady(Duration timeout) throws InterruptedException {
    return jvm.awaitLines(CrashWriter.READY::equals, 1, timeout);
  }

  /** Waits until {@code count} events were acknowledged, the child ended, or {@code max} passed. */
  void awaitAcks(int count, Duration max) throws InterruptedException {
    jvm.awaitLines(l -> l.startsWith(ACK_PREFIX), count, max);
  }

  /** SIGKILLs the child and waits until it is gone; see {@link ChildJvm#kill}. */
  int kill(Duration timeout) throws InterruptedException {
    return jvm.kill(timeout);
  }

  /**
   * Every event the child reported as acknowledged.
   *
   * @throws IllegalStateException for a report line that does not parse
   */
  List<Ack> acks() {
    var acks = new ArrayList<Ack>();
    for (var line : jvm.lines()) {
      if (line.startsWith(ACK_PREFIX)) {
        var m = ACK_LINE.matcher(line);
        if (!m.matches()) {
          throw new IllegalStateException("malformed report of child " + run + ": " + line);
        }
        acks.add(new Ack(run, m.group(1), Long.parseLong(m.group(2)), m.group(3)));
      }
    }
    return acks;
  }

  /** Status, stdout other than ACK lines, and the tail of stderr, for failure messages. */
  String describe() {
    return jvm.describe(ACK_PREFIX);
  }
}
