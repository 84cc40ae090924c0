package io.interstice.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A {@link ModuleCrashWriter} child JVM seen from the test: its progress, and the calls it reported
 * as durable or failed.
 *
 * <p>Thread-safety: as {@link ChildJvm}; used by the test thread.
 */
final class ModuleCrashWriterProcess {
  private static final String ACK_PREFIX = ModuleCrashWriter.ACK + " ";
  private static final String FAILED_PREFIX = ModuleCrashWriter.FAILED + " ";
  private static final int SIGKILL_EXIT_STATUS = 128 + 9;

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

  /**
   * Starts the child of cycle {@code cycle} on {@code dataDir}, with the bank as a Java class or,
   * if {@code wasm}, as WebAssembly; stderr goes to {@code stderr}.
   */
  static ModuleCrashWriterProcess start(
      Path dataDir, Path stderr, int cycle, long seed, int snapshotEvery, boolean wasm)
      throws IOException {
    return start(
        ModuleCrashWriter.class,
        dataDir,
        stderr,
        cycle,
        seed,
        snapshotEvery,
        wasm ? List.of(ModuleCrashWriter.WASM) : List.of());
  }

  /**
   * Starts {@code writer}, a main class reporting like {@link ModuleCrashWriter} and taking {@code
   * <data-dir> <seed> <snapshot-every> <cycle>}, as the child of cycle {@code cycle}.
   */
  static ModuleCrashWriterProcess start(
      Class<?> writer, Path dataDir, Path stderr, int cycle, long seed, int snapshotEvery)
      throws IOException {
    return start(writer, dataDir, stderr, cycle, seed, snapshotEvery, List.of());
  }

  private static ModuleCrashWriterProcess start(
      Class<?> writer,
      Path dataDir,
      Path stderr,
      int cycle,
      long seed,
      int snapshotEvery,
      List<String> extra)
      throws IOException {
    var args = new ArrayList<String>();
    args.add(dataDir.toString());
    args.add(Long.toString(seed));
    args.add(Integer.toString(snapshotEvery));
    args.add(Integer.toString(cycle));
    args.addAll(extra);
    var jvm =
        ChildJvm.start(
            writer.getSimpleName() + " " + cycle, writer, "module-crash-logback.xml", stderr, args);
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

  /**
   * SIGKILLs the child, which must still run, and waits until it is gone (see {@link
   * ChildJvm#kill}); fails with {@code context} unless SIGKILL ended it.
   */
  void kill(Duration timeout, Supplier<String> context) throws InterruptedException {
    assertTrue(jvm.process().isAlive(), () -> "the child died before its kill\n" + context.get());
    int status = jvm.kill(timeout);
    assertEquals(
        SIGKILL_EXIT_STATUS, status, () -> "the child was not ended by SIGKILL\n" + context.get());
  }

  /**
   * Adds this child's acknowledgements to {@code byModule} (module, then transaction id); fails
   * with {@code context} when a transaction id was acknowledged before, by this child or an earlier
   * one.
   */
  List<Ack> recordAcks(Map<String, Map<Long, Ack>> byModule, Supplier<String> context) {
    var acks = acks();
    for (var ack : acks) {
      var earlier =
          byModule.computeIfAbsent(ack.module(), m -> new HashMap<>()).put(ack.txId(), ack);
      if (earlier != null) {
        fail(
            "transaction %d of %s was acknowledged twice: %s and %s\n%s"
                .formatted(ack.txId(), ack.module(), earlier, ack, context.get()));
      }
    }
    return acks;
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
