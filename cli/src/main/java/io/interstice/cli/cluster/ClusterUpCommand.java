package io.interstice.cli.cluster;

import io.interstice.cli.ExitCodes;
import io.interstice.client.ClusterStatus;
import io.interstice.journal.log.JournalStore;
import io.interstice.journal.log.NodeLog;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code interstice cluster up N}: starts N node processes on 127.0.0.1 that share one data
 * directory and form one cluster, records them in {@code nodes.json}, and returns once every node
 * serves and sees N members up. A start that fails stops the nodes it started.
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Start N nodes on 127.0.0.1 as background processes that share DIR and form one cluster"
          + " (node-1 .. node-N, HTTP ports P .. P+N-1, cluster ports picked free, node-1 the"
          + " first seed), then wait until every node serves and sees N members up.",
      "Each node's output goes to DIR/cluster/node-K.log; the nodes outlive this command. Stop"
          + " them with 'interstice cluster down --data-dir DIR'."
    })
public final class ClusterUpCommand implements Callable<Integer> {
  /** More nodes than this on one machine is a mistake rather than a plan. */
  static final int MAX_NODES = 16;

  private static final Duration POLL = Duration.ofMillis(250);

  @Spec CommandSpec spec;

  @Mixin DataDirOption data;

  @Parameters(index = "0", paramLabel = "N", description = "How many nodes (1 to 16).")
  int count;

  @Option(
      names = "--http-port",
      paramLabel = "P",
      defaultValue = "8081",
      description = "HTTP port of node-1; node-K gets P+K-1 (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description =
          "How long to wait for every node to serve and see all members up (default:"
              + " ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      defaultValue = "${env:INTERSTICE_TOKEN}",
      description =
          "Bearer token every node requires (default: $INTERSTICE_TOKEN); given to the nodes in"
              + " their environment.")
  String token;

  @Override
  public Integer call() throws InterruptedException {
    checkUsage();
    var dir = data.dir();
    var nodesFile = data.nodesFile();
    refuseRunningCluster(nodesFile);
    var plans = plan();
    for (var plan : plans) {
      // A node of this name already running here (started by hand) would fail on its lock.
      var log = dir.resolve(JournalStore.JOURNAL_DIR).resolve(plan.node());
      if (Files.isDirectory(log)) {
        NodeLog.requireUnlocked(log);
      }
    }
    try {
      Files.createDirectories(data.clusterDir());
    } catch (IOException e) {
      throw new ClusterException("cannot create " + data.clusterDir() + ": " + e.getMessage(), e);
    }
    long start = System.nanoTime();
    var launcher = NodeLauncher.likeThisJvm(dir, data.clusterDir(), token);
    var started = new ArrayList<StartedNode>();
    try {
      for (var plan : plans) {
        started.add(launcher.start(plan));
        // Recorded as each starts, so that `cluster down` finds them even if this command dies.
        nodesFile.write(dir, started);
      }
      awaitMembers(started);
    } catch (ClusterException e) {
      stopAll(started, nodesFile);
      throw new ClusterException(
          e.getMessage() + " (the nodes this command started are stopped again)", e);
    } catch (InterruptedException | RuntimeException e) {
      stopAll(started, nodesFile);
      throw e;
    }
    var rows = new ArrayList<List<String>>();
    for (var node : started) {
      rows.add(List.of(node.node(), String.valueOf(node.pid()), node.http(), "up"));
    }
    var out = spec.commandLine().getOut();
    NodeTable.print(out, List.of("node", "pid", "http", "status"), rows);
    out.printf(
        "cluster of %d node%s up in %.1f s; data in %s, logs in %s%n",
        count,
        count == 1 ? "" : "s",
        (System.nanoTime() - start) / 1e9,
        dir,
        data.clusterDir().resolve("node-K.log"));
    out.flush();
    return ExitCodes.OK;
  }

  private void checkUsage() {
    if (count < 1 || count > MAX_NODES) {
      throw new ParameterException(
          spec.commandLine(), "N must be from 1 to " + MAX_NODES + ", not " + count);
    }
    if (httpPort < 1 || httpPort + count - 1 > 65535) {
      throw new ParameterException(
          spec.commandLine(),
          "--http-port must leave room for " + count + " ports below 65536, not " + httpPort);
    }
    if (timeoutSeconds < 1) {
      throw new ParameterException(
          spec.commandLine(), "--timeout must be at least 1 second, not " + timeoutSeconds);
    }
  }

  private void refuseRunningCluster(NodesFile nodesFile) {
    if (!nodesFile.exists()) {
      return;
    }
    var running =
        nodesFile.read().stream()
            .filter(node -> node.process().isPresent())
            .map(node -> node.node() + " pid " + node.pid())
            .collect(Collectors.joining(", "));
    if (!running.isEmpty()) {
      throw new ClusterException(
          "a cluster is already running in "
              + data.dir()
              + " ("
              + running
              + "); stop it with 'interstice cluster down --data-dir "
              + data.dataDir
              + "'");
    }
  }

  /**
   * Ids and ports of every node. The HTTP ports must be free now; the cluster ports are picked free
   * by the system, all at once so they differ. Every node lists all of them as seeds, node-1 first:
   * node-1 forms the cluster, and a node restarted later (node-1 too) joins the nodes still running
   * instead of forming a second cluster.
   */
  private List<NodeLauncher.Plan> plan() {
    for (int k = 1; k <= count; k++) {
      int port = httpPort + k - 1;
      if (!isFree(port)) {
        throw new ClusterException(
            "port "
                + port
                + " (the HTTP API of node-"
                + k
                + ") is in use on "
                + NodeLauncher.HOST
                + "; choose other ports with --http-port");
      }
    }
    var clusterPorts = freePorts(count);
    var seeds = clusterPorts.stream().map(NodeLauncher.Plan::address).toList();
    var plans = new ArrayList<NodeLauncher.Plan>();
    for (int k = 1; k <= count; k++) {
      plans.add(
          new NodeLauncher.Plan("node-" + k, httpPort + k - 1, clusterPorts.get(k - 1), seeds));
    }
    return plans;
  }

  /**
   * Waits until every node answers {@code /health} and its {@code /v1/cluster} shows {@code count}
   * members up and reachable; fails when a node exits, or at the timeout.
   */
  private void awaitMembers(List<StartedNode> nodes) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
    var probes = new ArrayList<NodeProbe>();
    nodes.forEach(node -> probes.add(new NodeProbe(node.http(), token)));
    var seen = new ArrayList<Optional<ClusterStatus>>();
    try {
      while (true) {
        seen.clear();
        boolean all = true;
        for (int i = 0; i < nodes.size(); i++) {
          var node = nodes.get(i);
          if (node.process().isEmpty()) {
            throw new ClusterException(
                node.node()
                    + " (pid "
                    + node.pid()
                    + ") exited before the cluster was up"
                    + lastError(node)
                    + "; its log: "
                    + node.log());
          }
          var status = probes.get(i).cluster();
          seen.add(status);
          all &= status.map(s -> s.membersUp() == count).orElse(false);
        }
        if (all) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw notUpInTime(nodes, seen);
        }
        Thread.sleep(POLL.toMillis());
      }
    } finally {
      probes.forEach(NodeProbe::close);
    }
  }

  private ClusterException notUpInTime(
      List<StartedNode> nodes, List<Optional<ClusterStatus>> seen) {
    for (int i = 0; i < nodes.size(); i++) {
      var node = nodes.get(i);
      var status = seen.get(i);
      if (status.isEmpty() || status.get().membersUp() != count) {
        return new ClusterException(
            node.node()
                + " did not "
                + (status.isEmpty()
                    ? "serve"
                    : "see " + count + " members up (it sees " + status.get().membersUp() + ")")
                + " within "
                + timeoutSeconds
                + " s"
                + lastError(node)
                + "; its log: "
                + node.log());
      }
    }
    return new ClusterException("the cluster was not up within " + timeoutSeconds + " s");
  }

  /** ": <the last error line of its log>", or nothing when it has none. */
  private static String lastError(StartedNode node) {
    try (var lines = Files.lines(Path.of(node.log()))) {
      return lines
          .filter(line -> line.startsWith("error:") || line.contains(" ERROR "))
          .reduce((first, second) -> second)
          .map(line -> ": " + (line.length() > 300 ? line.substring(0, 300) + "..." : line))
          .orElse("");
    } catch (IOException | java.io.UncheckedIOException e) {
      return "";
    }
  }

  /** Stops what a failed start left running, and forgets it once every node is gone. */
  private void stopAll(List<StartedNode> started, NodesFile nodesFile) throws InterruptedException {
    boolean gone = true;
    for (var node : started) {
      gone &=
          NodeStopper.stop(node, Duration.ofSeconds(10)).outcome()
              != NodeStopper.Outcome.STILL_RUNNING;
    }
    if (gone) {
      nodesFile.delete();
    }
  }

  private static boolean isFree(int port) {
    try (var socket = new ServerSocket(port, 1, InetAddress.getByName(NodeLauncher.HOST))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static List<Integer> freePorts(int n) {
    var sockets = new ArrayList<ServerSocket>();
    try {
      for (int i = 0; i < n; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getByName(NodeLauncher.HOST)));
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } catch (IOException e) {
      throw new ClusterException(
          "cannot find free ports for cluster traffic: " + e.getMessage(), e);
    } finally {
      for (var socket : sockets) {
        try {
          socket.close();
        } catch (IOException e) {
          // Closing a listening socket that never accepted fails only if already closed.
        }
      }
    }
  }
}
