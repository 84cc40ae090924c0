package io.interstice.tests.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Kills what a local cluster in a test's data directory left running: the nodes its {@code
 * nodes.json} records, and any other process whose command line names the directory (a node started
 * before {@code cluster up} could record it). The directory is the test's own temporary one, so
 * nothing else matches. Stateless.
 */
final class ClusterProcesses {
  private ClusterProcesses() {}

  static void killAll(Path dataDir, Duration timeout) throws InterruptedException {
    var victims = new ArrayList<ProcessHandle>();
    var nodes = dataDir.resolve("cluster").resolve("nodes.json");
    if (Files.exists(nodes)) {
      try {
        for (var node : new ObjectMapper().readTree(nodes.toFile()).path("nodes")) {
          var started = node.path("started").asText(null);
          ProcessHandle.of(node.path("pid").asLong())
              .filter(p -> started == null || sameStart(p, started))
              .ifPresent(victims::add);
        }
      } catch (IOException e) {
        // Half written: the command lines below still find the nodes.
      }
    }
    var name = dataDir.toString();
    ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(line -> line.contains(name)).orElse(false))
        .forEach(victims::add);
    for (var process : victims) {
      process.destroyForcibly();
    }
    for (var process : victims) {
      try {
        process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("pid " + process.pid() + " survived SIGKILL", e);
      }
    }
  }

  /** Whether the process started when the node did: its pid was not reused. */
  private static boolean sameStart(ProcessHandle process, String started) {
    return process.info().startInstant().map(i -> i.toString().equals(started)).orElse(true);
  }
}
