package io.interstice.tests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child JVM of a crash test: a main class of this JVM's class path run with a small heap and
 * flags that favour start-up time, the lines it prints on stdout (read by a thread of its own, so
 * nothing already in the pipe is lost when it is killed), and the file its stderr goes to.
 *
 * <p>Thread-safety: the reader thread and the test thread share the lines under this object's
 * monitor.
 */
public final class ChildJvm {
  private static final int STDERR_TAIL_LINES = 80;

  private final String name;
  private final Process process;
  private final Path stderr;
  private final Thread reader;
  private final List<String> lines = new ArrayList<>();
  private boolean closed;

  private ChildJvm(String name, Process process, Path stderr) {
    this.name = name;
    this.process = process;
    this.stderr = stderr;
    this.reader = new Thread(this::readStdout, name + "-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Kills every process of {@code children} still alive (a test that failed half way leaves them)
   * and waits up to {@code timeout} for each to go.
   */
  public static void killAll(List<Process> children, Duration timeout) throws InterruptedException {
    for (var child : children) {
      child.destroyForcibly();
      child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Starts {@code mainClass} with {@code args}, logging as {@code logbackConfig} (a resource on the
   * class path) says; its stderr goes to {@code stderr}. {@code name} names it in messages.
   */
  public static ChildJvm start(
      String name, Class<?> mainClass, String logbackConfig, Path stderr, List<String> args)
      throws IOException {
    return start(name, mainClass, logbackConfig, stderr, args, List.of());
  }

  /**
   * As {@link #start(String, Class, String, Path, List)}, with more JVM options ({@code -D...}).
   */
  public static ChildJvm start(
      String name,
      Class<?> mainClass,
      String logbackConfig,
      Path stderr,
      List<String> args,
      List<String> jvmOptions)
      throws IOException {
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var command = new ArrayList<String>();
    command.addAll(
        List.of(
            java,
            "-Xmx384m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Dlogback.configurationFile=" + logbackConfig));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
    command.addAll(args);
    var process =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.to(stderr.toFile()))
            .start();
    return new ChildJvm(name, process, stderr);
  }

  public Process process() {
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
    notifyAll();
  }

  /**
   * True once the child printed {@code count} lines that are {@code wanted}; false when its stdout
   * ended or {@code timeout} passed first.
   */
  public synchronized boolean awaitLines(Predicate<String> wanted, int count, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int found = 0;
    int scanned = 0;
    while (true) {
      for (; scanned < lines.size(); scanned++) {
        if (wanted.test(lines.get(scanned)) && ++found >= count) {
          return true;
        }
      }
      long left = deadline - System.nanoTime();
      if (closed || left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  /** Every line printed so far. */
  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  /**
   * Sends SIGKILL ({@link ProcessHandle#destroyForcibly()} on Linux and macOS), then waits for the
   * process, so that whatever it held (a data directory's lock) is free, and for the rest of its
   * stdout. Not {@link Process#destroyForcibly()}: that also closes the stdout pipe, which throws
   * away the lines the child printed just before the kill.
   *
   * @return the exit status, 137 when SIGKILL ended it
   * @throws IllegalStateException when the process outlives {@code timeout}
   */
  public int kill(Duration timeout) throws InterruptedException {
    process.toHandle().destroyForcibly();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(name + " (pid " + process.pid() + ") survived SIGKILL");
    }
    reader.join(timeout.toMillis());
    return process.exitValue();
  }

  /**
   * Status, stdout but for the lines starting with {@code omittedPrefix} (only counted), and the
   * tail of stderr, for failure messages.
   */
  public String describe(String omittedPrefix) {
    var status = process.isAlive() ? "running" : "exit status " + process.exitValue();
    var printed = lines();
    var other = printed.stream().filter(l -> !l.startsWith(omittedPrefix)).toList();
    var err = stderrLines();
    var tail = err.subList(Math.max(0, err.size() - STDERR_TAIL_LINES), err.size());
    return name
        + " (pid "
        + process.pid()
        + ", "
        + status
        + ", "
        + (printed.size() - other.size())
        + " lines starting with '"
        + omittedPrefix
        + "')\n--- other stdout ---\n"
        + String.join("\n", other)
        + "\n--- last "
        + tail.size()
        + " of "
        + err.size()
        + " stderr lines ("
        + stderr
        + ") ---\n"
        + String.join("\n", tail);
  }

  private List<String> stderrLines() {
    try {
      return Files.exists(stderr) ? Files.readAllLines(stderr) : List.of();
    } catch (IOException e) {
      return List.of("stderr could not be read: " + e);
    }
  }
}
