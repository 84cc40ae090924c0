package io.interstice.cli.cluster;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops a node process of a local cluster: SIGTERM ({@link ProcessHandle#destroy()}), on which the
 * node leaves the cluster, hands its modules over to the others and exits; SIGKILL only when it
 * outlives the timeout. Stateless.
 */
final class NodeStopper {
  /** How long a process may outlive SIGKILL before it is reported as not stopped. */
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

  /** How it went. */
  enum Outcome {
    /** It was no longer running. */
    NOT_RUNNING,
    /** It exited on SIGTERM. */
    STOPPED,
    /** It outlived the timeout and was killed. */
    KILLED,
    /** It outlived SIGKILL too. */
    STILL_RUNNING
  }

  /** The outcome, and how long the stop took. */
  record Stopped(StartedNode node, Outcome outcome, Duration took) {}

  private NodeStopper() {}

  static Stopped stop(StartedNode node, Duration timeout) throws InterruptedException {
    var process = node.process();
    if (process.isEmpty()) {
      return new Stopped(node, Outcome.NOT_RUNNING, Duration.ZERO);
    }
    long start = System.nanoTime();
    var handle = process.get();
    handle.destroy();
    if (awaitExit(handle, timeout)) {
      return new Stopped(node, Outcome.STOPPED, Duration.ofNanos(System.nanoTime() - start));
    }
    handle.destroyForcibly();
    var outcome = awaitExit(handle, KILL_TIMEOUT) ? Outcome.KILLED : Outcome.STILL_RUNNING;
    return new Stopped(node, outcome, Duration.ofNanos(System.nanoTime() - start));
  }

  /** Kills the node at once (a start that failed half way); true once it is gone. */
  static boolean kill(StartedNode node) throws InterruptedException {
    var process = node.process();
    if (process.isEmpty()) {
      return true;
    }
    process.get().destroyForcibly();
    return awaitExit(process.get(), KILL_TIMEOUT);
  }

  private static boolean awaitExit(ProcessHandle handle, Duration timeout)
      throws InterruptedException {
    try {
      handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return !handle.isAlive();
    } catch (ExecutionException e) {
      return !handle.isAlive();
    }
  }
}
