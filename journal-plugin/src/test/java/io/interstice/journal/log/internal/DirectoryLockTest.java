package io.interstice.journal.log.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.journal.LogLockedException;
import io.interstice.journal.log.LogFixture;
import io.interstice.journal.log.NodeLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryLockTest {
  @TempDir Path dir;
  private Process child;

  @AfterEach
  void stopChild() throws InterruptedException {
    if (child != null) {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private NodeLog open() {
    return LogFixture.builder(dir).open();
  }

  @Test
  void shouldRefuseASecondWriterNamingTheDirectoryAndTheHolder() {
    try (var log = open()) {
      log.append(List.of(LogFixture.frame("a", 1, "held"))).join();

      var e = assertThrows(LogLockedException.class, this::open);

      assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
      assertEquals(List.of("held"), LogFixture.texts(log, "a"), "the holder keeps working");
      log.append(List.of(LogFixture.frame("a", 2, "still held"))).join();
    }
  }

  @Test
  void shouldOpenAgainAfterClose() {
    try (var log = open()) {
      log.append(List.of(LogFixture.frame("a", 1, "first"))).join();
    }
    try (var log = open()) {
      assertEquals(List.of("first"), LogFixture.texts(log, "a"));
    }
  }

  @Test
  void shouldRefuseWhileAnotherProcessHoldsTheLock() throws Exception {
    long pid = startChild();

    var e = assertThrows(LogLockedException.class, this::open);

    assertTrue(e.getMessage().contains("pid " + pid), e.getMessage());
    child.getOutputStream().close(); // tells the child to close its log
    assertEquals(0, child.waitFor());
    try (var log = open()) {
      log.append(List.of(LogFixture.frame("a", 1, "after the child"))).join();
    }
  }

  @Test
  void shouldReleaseTheLockWhenTheHoldingProcessIsKilled() throws Exception {
    startChild();

    child.destroyForcibly().waitFor();

    try (var log = open()) {
      log.append(List.of(LogFixture.frame("a", 1, "after kill -9"))).join();
    }
  }

  @Test
  void shouldKeepTheLockFromOtherProcessesAfterRefusingASecondOpenInThisProcess() throws Exception {
    try (var log = open()) {
      assertThrows(LogLockedException.class, this::open);

      var answer = runChild();

      assertTrue(answer.startsWith("REFUSED"), "another process got the lock: " + answer);
      assertTrue(answer.contains("pid " + ProcessHandle.current().pid()), answer);
      log.append(List.of(LogFixture.frame("a", 1, "still the only writer"))).join();
    }
  }

  /** Starts a child JVM that holds the lock until its stdin closes; returns its pid. */
  private long startChild() throws IOException {
    var line = launch();
    assertTrue(line.startsWith("LOCKED "), line);
    return Long.parseLong(line.substring("LOCKED ".length()));
  }

  /** Runs a child JVM that tries to open the log, and returns what it reported. */
  private String runChild() throws IOException, InterruptedException {
    var line = launch();
    child.getOutputStream().close();
    child.waitFor(30, TimeUnit.SECONDS);
    return line;
  }

  private String launch() throws IOException {
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    child =
        new ProcessBuilder(
                java,
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                Holder.class.getName(),
                dir.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    var reader =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.startsWith("LOCKED") || line.startsWith("REFUSED")) {
        return line;
      }
    }
    assertNotNull(line, "child exited without an answer");
    return line;
  }

  /** The child process: opens the log, says so, and holds it until stdin is closed. */
  public static final class Holder {
    public static void main(String[] args) throws IOException {
      try (var log = LogFixture.builder(Path.of(args[0])).open()) {
        System.out.println("LOCKED " + ProcessHandle.current().pid());
        System.out.flush();
        while (System.in.read() >= 0) {
          // hold the lock until the parent closes our stdin
        }
        log.logId();
      } catch (LogLockedException e) {
        System.out.println("REFUSED " + e.getMessage());
      }
    }
  }
}
