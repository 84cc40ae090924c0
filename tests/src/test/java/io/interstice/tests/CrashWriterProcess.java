package io.interstice.tests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A {@link CrashWriter} child JVM seen from the test: the process, the READY and ACK lines it
 * printed (read by a thread of its own, so nothing already in the pipe is lost when it is killed),
 * and the file its stderr goes to.
 *
 * <p>Thread-safety: the reader thread and the test thread share the lines under this object's
 * monitor.
 */
final class CrashWriterProcess {
  private static final Pattern ACK_LINE = Pattern.compile("ACK (\\S+) (\\d+) (\\S+)");
  private static final String ACK_PREFIX = CrashWriter.ACK + " ";

  /** An event the child reported as acknowledged. */
  record Ack(int run, String persistenceId, long sequenceNr, String text) {}

  private final int run;
  private final Process process;
  private final Path stderr;
  private final Thread reader;
  private final List<String> lines = new ArrayList<>();
  private boolean ready;
  private boolean closed;
  private int ackCount;

  private CrashWriterProcess(int run, Process process, Path stderr) {
    this.run = run;
    this.process = process;
    this.stderr = stderr;
    this.reader = new Thread(this::readStdout, "crash-writer-" + run + "-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts run number {@code run} of the writer on {@code dataDir}, with this JVM's classpath, a
   * small heap and flags that favour start-up time; its stderr goes to {@code stderr}.
   */
  static CrashWriterProcess start(Path dataDir, Path stderr, int run, long seed)
      throws IOException {
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var command =
        List.of(
            java,
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Dlogback.configurationFile=crash-writer-logback.xml",
            "-cp",
            System.getProperty("java.class.path"),
            CrashWriter.class.getName(),
            dataDir.toString(),
            Integer.toString(run),
            Long.toString(seed));
    var process =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.to(stderr.toFile()))
            .start();
    return new CrashWriterProcess(run, process, stderr);
  }

  int run() {
    return run;
  }

  Process process() {
    return process;
  }

  private void readStdout() {
    try (var in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        onLine(line);
      }
    } catch (IOException e) {
      onLine("stdout of the child could not be read: " + e);
    } finally {
      synchronized (this) {
        closed = true;
        notifyAll();
      }
    }
  }

  private synchronized void onLine(String line) {
    lines.add(line);
    ready |= line.equals(CrashWriter.READY);
    if (line.startsWith(ACK_PREFIX)) {
      ackCount++;
    }
    notifyAll();
  }

  /** True once the child printed READY; false when it ended or {@code timeout} passed first. */
  synchronized boolean awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready && !closed && System.nanoTime() < deadline) {
      TimeUnit.NANOSECONDS.timedWait(this, deadline - System.nanoTime());
    }
    return ready;
  }

  /** Waits until {@code count} events were acknowledged, the child ended, or {@code max} passed. */
  synchronized void awaitAcks(int count, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (ackCount < count && !closed && System.nanoTime() < deadline) {
      TimeUnit.NANOSECONDS.timedWait(this, deadline - System.nanoTime());
    }
  }

  /**
   * Sends SIGKILL ({@link Process#destroyForcibly()} on Linux and macOS), then waits for the
   * process and for the rest of its stdout.
   *
   * @return the exit status, 137 when SIGKILL ended it
   * @throws IllegalStateException when the process outlives {@code timeout}
   */
  int kill(Duration timeout) throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(
          "child " + run + " (pid " + process.pid() + ") survived SIGKILL");
    }
    reader.join(timeout.toMillis());
    return process.exitValue();
  }

  /**
   * Every acknowledged event the child reported.
   *
   * @throws IllegalStateException for a report line that does not parse
   */
  synchronized List<Ack> acks() {
    var acks = new ArrayList<Ack>();
    for (var line : lines) {
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

  /** Status, stdout other than ACK lines, and stderr of the child, for failure messages. */
  String describe() {
    var status = process.isAlive() ? "running" : "exit status " + process.exitValue();
    List<String> other;
    int acknowledged;
    synchronized (this) {
      other = lines.stream().filter(l -> !l.startsWith(ACK_PREFIX)).toList();
      acknowledged = ackCount;
    }
    return "child "
        + run
        + " (pid "
        + process.pid()
        + ", "
        + status
        + ", "
        + acknowledged
        + " ACK lines)\n--- stdout other than ACK lines ---\n"
        + String.join("\n", other)
        + "\n--- stderr ("
        + stderr
        + ") ---\n"
        + String.join("\n", stderrLines());
  }

  private List<String> stderrLines() {
    try {
      return Files.exists(stderr) ? Files.readAllLines(stderr) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
