package io.interstice.tests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The child JVMs a crash test starts, SIGKILLed after each test: one that failed half way leaves
 * them running, holding their data directories. Register it on a field with
 * {@code @RegisterExtension}, and add each child as it starts.
 *
 * <p>Not thread-safe: used by the test's thread.
 */
final class ChildProcesses implements AfterEachCallback {
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);

  private final List<Process> processes = new ArrayList<>();

  /** A child to kill after the test, if it still runs then. */
  void add(Process process) {
    processes.add(process);
  }

  @Override
  public void afterEach(ExtensionContext context) throws InterruptedException {
    ChildJvm.killAll(processes, KILL_TIMEOUT);
    processes.clear();
  }
}
