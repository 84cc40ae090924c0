package io.interstice.cli.cluster;

import io.interstice.cli.ExitCodes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code interstice cluster down}: stops the nodes of the local cluster in a data directory one at
 * a time, newest first, so that the nodes still running take over the modules of each one that
 * leaves; then forgets them ({@code nodes.json} is removed).
 */
@Command(
    name = "down",
    mixinStandardHelpOptions = true,
    description = {
      "Stop the nodes of the local cluster in DIR one at a time, node-N first: SIGTERM, on which"
          + " a node hands its modules to the nodes still running and exits; SIGKILL only when it"
          + " has not exited within --timeout. Then remove DIR/cluster/nodes.json.",
      "Exits 0 when every node stopped on SIGTERM (or was no longer running), 1 when one had to"
          + " be killed or no cluster was started in DIR, 3 when one could not be stopped."
    })
public final class ClusterDownCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin DataDirOption data;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description =
          "How long each node may take to stop before it is killed (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Override
  public Integer call() throws InterruptedException {
    if (timeoutSeconds < 1) {
      throw new ParameterException(
          spec.commandLine(), "--timeout must be at least 1 second, not " + timeoutSeconds);
    }
    var nodesFile = data.nodesFile();
    var out = spec.commandLine().getOut();
    if (!nodesFile.exists()) {
      var err = spec.commandLine().getErr();
      err.println(data.noCluster("nothing to stop"));
      err.flush();
      return ExitCodes.FOUND_PROBLEMS;
    }
    // Newest first: the oldest node runs the shard coordinator, which then moves only once.
    var nodes = new ArrayList<>(nodesFile.read());
    Collections.reverse(nodes);
    var results = new ArrayList<NodeStopper.Stopped>();
    for (var node : nodes) {
      var stopped = NodeStopper.stop(node, Duration.ofSeconds(timeoutSeconds));
      results.add(stopped);
      out.println(describe(stopped));
      out.flush();
    }
    if (results.stream().anyMatch(r -> r.outcome() == NodeStopper.Outcome.STILL_RUNNING)) {
      throw new ClusterException(
          "a node outlived SIGKILL; "
              + nodesFile.path()
              + " is kept so that 'cluster down' can be run again");
    }
    nodesFile.delete();
    out.println("cluster in " + data.dir() + " stopped");
    out.flush();
    return results.stream().anyMatch(r -> r.outcome() == NodeStopper.Outcome.KILLED)
        ? ExitCodes.FOUND_PROBLEMS
        : ExitCodes.OK;
  }

  private String describe(NodeStopper.Stopped stopped) {
    var node = stopped.node();
    var head = node.node() + "  pid " + node.pid() + "  ";
    switch (stopped.outcome()) {
      case NOT_RUNNING:
        return head + "was not running";
      case STOPPED:
        return head + String.format("stopped in %.1f s", stopped.took().toMillis() / 1000.0);
      case KILLED:
        return head
            + "did not stop within "
            + timeoutSeconds
            + " s: killed (see "
            + node.log()
            + ")";
      default:
        return head + "still running after SIGKILL";
    }
  }
}
