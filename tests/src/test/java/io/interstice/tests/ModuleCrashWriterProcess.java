package io.interstice.tests;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ModuleCrashWriter} child JVM seen from the test: its progress, and the calls it reported
 * as durable or failed.
 *
 * <p>Thread-safety: as {@link ChildJvm}; used by the test thread.
 */
final class ModuleCrashWriterProcess {
  private static final String ACK_PREFIX = ModuleCrashWriter.ACK + " ";
  private static final String FAILED_PREFIX = ModuleCrashWriter.FAILED + " ";

  /**
   * A call the child reported as durable: transaction {@code txId} with timestamp {@code micros} of
   * {@code module}, call {@code n} of {@code key} (a stream and its entry, or a bank caller and its
   * call count).
   */
  record Ack(int cycle, String module, String key, long n, long txId, long micros) {}

  private final int cycle;
  private final ChildJvm jvm;

  private ModuleCrashWriterProcess(int cycle, ChildJvm jvm) {
    this.cycle = cycle;
    this.jvm = jvm;
  }

  /** Starts the child of cycle {@code cycle} on {@code dataDir}; stderr goes to {@code stderr}. */
  static ModuleCrashWriterProcess start(
      Path dataDir, Path stderr, int cycle, long seed, int snapshotEvery) throws IOException {
    var jvm =
        ChildJvm.start(
            "module crash writer " + cycle,
            ModuleCrashWriter.class,
            "module-crash-logback.xml",
            stderr,
            List.of(dataDir.toString(), Long.toString(seed), Integer.toString(snapshotEvery)));
    return new ModuleCrashWriterProcess(cycle, jvm);
  }

  Process process() {
    return jvm.process();
  }

  /**
   * True once the child printed the line {@code marker} ({@code STARTED}, {@code DEPLOYED}, {@code
   * READY}); false when it ended or {@code timeout} passed first.
   */
  boolean awaitMarker(String marker, Duration timeout) throws InterruptedException {
    return jvm.awaitLines(marker::equals, 1, timeout);
  }

  /** Waits until {@code count} calls were acknowledged, the child ended, or {@code max} passed. */
  void awaitAcks(int count, Duration max) throws InterruptedException {
    jvm.awaitLines(l -> l.startsWith(ACK_PREFIX), count, max);
  }

  /** SIGKILLs the child and waits until it is gone; see {@link ChildJvm#kill}. */
  int kill(Duration timeout) throws InterruptedException {
    return jvm.kill(timeout);
  }

  /** How far the child got: the last line other than an ACK it printed. */
  String progress() {
    var printed = jvm.lines();
    for (int i = printed.size() - 1; i >= 0; i--) {
      if (!printed.get(i).startsWith(ACK_PREFIX)) {
        return "after " + printed.get(i);
      }
    }
    return "nothing printed";
  }

  /**
   * Every call the child reported as durable.
   *
   * @throws IllegalStateException for a report line that does not parse
   */
  List<Ack> acks() {
    var acks = new ArrayList<Ack>();
    for (var line : jvm.lines()) {
      if (line.startsWith(ACK_PREFIX)) {
        var fields = line.split(" ");
        if (fields.length != 6) {
          throw new IllegalStateException("malformed report of child " + cycle + ": " + line);
        }
        acks.add(
            new Ack(
                cycle,
                fields[1],
                fields[2],
                Long.parseLong(fields[3]),
                Long.parseLong(fields[4]),
                Long.parseLong(fields[5])));
      }
    }
    return acks;
  }

  /** The calls the child reported as failed; the workload never expects one. */
  List<String> failures() {
    return jvm.lines().stream().filter(l -> l.startsWith(FAILED_PREFIX)).toList();
  }

  /** Status, stdout other than ACK lines, and the tail of stderr, for failure messages. */
  String describe() {
    return jvm.describe(ACK_PREFIX);
  }
}
