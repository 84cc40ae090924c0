package io.interstice.tests.damage;

import io.interstice.tests.ChildJvm;
import io.interstice.tests.CrashWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The data directory a {@link DamageWriter} left when it was killed, and what it acknowledged. It
 * is written once per suite and never touched again: every case damages a copy. It is kept on disk
 * as {@value #DATA_DIR} next to the writer's stdout ({@value #REPORT_FILE}), so that a later run
 * can judge the same log again ({@link #load}).
 *
 * <p>Not thread-safe; used by the test thread.
 */
final class PristineLog {
  static final String DATA_DIR = "pristine";
  static final String REPORT_FILE = "writer.out";

  /** The writer's log directory inside the data directory. */
  static final Path LOG_DIR = Path.of("journal", CrashWriter.LOG_ID);

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(50);

  private final Path dataDir;
  private final WriterReport report;

  private PristineLog(Path dataDir, WriterReport report) {
    this.dataDir = dataDir;
    this.report = report;
  }

  /**
   * How long the writer runs: until it acknowledged {@code minAcks} events, some of every id, and
   * its log has {@code minSegments} segments; or until {@code limit} passed.
   */
  record Goal(int minAcks, int minSegments, Duration limit) {}

  /**
   * Runs a writer in {@code dir}/{@value #DATA_DIR} until {@code goal} is met, kills it with
   * SIGKILL and keeps what it left. The child's process goes into {@code children} as soon as it
   * starts, for the test to kill should anything fail half way.
   *
   * @throws IllegalStateException when the child does not become ready or dies on its own
   */
  static PristineLog write(Path dir, long seed, Goal goal, List<Process> children)
      throws IOException, InterruptedException {
    var dataDir = dir.resolve(DATA_DIR);
    var child =
        ChildJvm.start(
            "damage writer",
            DamageWriter.class,
            "crash-writer-logback.xml",
            dir.resolve("writer.stderr"),
            List.of(dataDir.toString(), Long.toString(seed)));
    children.add(child.process());
    if (!child.awaitLines(DamageWriter.READY::equals, 1, READY_TIMEOUT)) {
      throw new IllegalStateException("the writer never became READY\n" + describe(child));
    }
    long deadline = System.nanoTime() + goal.limit().toNanos();
    while (System.nanoTime() < deadline
        && child.process().isAlive()
        && !reached(child, dataDir, goal)) {
      Thread.sleep(POLL.toMillis());
    }
    if (!child.process().isAlive()) {
      throw new IllegalStateException("the writer died before its kill\n" + describe(child));
    }
    child.kill(KILL_TIMEOUT);
    var lines = child.lines();
    Files.write(dir.resolve(REPORT_FILE), lines);
    return new PristineLog(dataDir, WriterReport.parse(lines, DamageWriter.persistenceIds()));
  }

  /** The log and report a run kept in {@code dir} (a failed run names the folder). */
  static PristineLog load(Path dir) throws IOException {
    var lines = Files.readAllLines(dir.resolve(REPORT_FILE));
    return new PristineLog(
        dir.resolve(DATA_DIR), WriterReport.parse(lines, DamageWriter.persistenceIds()));
  }

  private static boolean reached(ChildJvm child, Path dataDir, Goal goal) throws IOException {
    var acks = child.lines().stream().filter(l -> l.startsWith(DamageWriter.ACK + " ")).toList();
    long ids = acks.stream().map(l -> l.split(" ", 3)[1]).distinct().count();
    return acks.size() >= goal.minAcks()
        && ids == DamageWriter.IDS
        && segmentCount(dataDir) >= goal.minSegments();
  }

  private static String describe(ChildJvm child) {
    return child.describe(DamageWriter.ACK + " ");
  }

  private static long segmentCount(Path dataDir) throws IOException {
    var logDir = dataDir.resolve(LOG_DIR);
    if (!Files.isDirectory(logDir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(logDir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".log")).count();
    }
  }

  Path dataDir() {
    return dataDir;
  }

  WriterReport report() {
    return report;
  }

  /** Number of segment files the writer left. */
  long segments() throws IOException {
    return segmentCount(dataDir);
  }

  /** Every file of the data directory, relative to it, in name order. */
  List<Path> files() throws IOException {
    try (Stream<Path> all = Files.walk(dataDir)) {
      return all.filter(Files::isRegularFile).map(dataDir::relativize).sorted().toList();
    }
  }

  /** Copies the whole data directory to {@code target}, which must not exist yet. */
  void copyTo(Path target) throws IOException {
    copyTree(dataDir, target);
  }

  /** Copies the tree at {@code from} to {@code to}, which must not exist yet. */
  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      all.forEach(
          source -> {
            try {
              Files.copy(source, to.resolve(from.relativize(source).toString()));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
  }
}
