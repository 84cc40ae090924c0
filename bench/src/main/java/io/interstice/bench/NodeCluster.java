package io.interstice.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A local cluster of {@link NodeProcess}es on 127.0.0.1 sharing one data directory, as {@code
 * interstice cluster up N} starts one: free ports, every node's address a seed, node-1 first. Every
 * process it started is killed by {@link #close}, and by a shutdown hook if this JVM ends first
 * (Ctrl-C, an exception out of {@code main}).
 *
 * <p>Not thread-safe: one thread drives it; the shutdown hook only kills.
 */
final class NodeCluster implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(100);

  private final List<NodeProcess> nodes;
  private final Thread killer;

  private NodeCluster(List<NodeProcess> nodes) {
    this.nodes = List.copyOf(nodes);
    this.killer = new Thread(this::destroyAll, "cluster-bench-kill-nodes");
    Runtime.getRuntime().addShutdownHook(killer);
  }

  /**
   * Starts {@code size} nodes sharing {@code dataDir} and waits, up to {@code timeout}, until every
   * one serves and sees {@code size} members up; says so on standard output, with where the logs
   * are.
   */
  static NodeCluster start(Path dataDir, int size, Duration timeout) throws InterruptedException {
    long start = System.nanoTime();
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dataDir, e);
    }
    var ports = freePorts(2 * size);
    var clusterPorts = ports.subList(size, 2 * size);
    var planned = new ArrayList<NodeProcess>();
    for (int k = 0; k < size; k++) {
      planned.add(
          NodeProcess.plan(
              "node-" + (k + 1), ports.get(k), clusterPorts.get(k), clusterPorts, dataDir));
    }
    var cluster = new NodeCluster(planned);
    try {
      planned.forEach(NodeProcess::start);
      cluster.awaitMembersUp(timeout);
      System.out.printf(
          Locale.ROOT,
          "  %d node(s) up in %.1f s; logs in %s%n",
          size,
          (System.nanoTime() - start) / 1e9,
          dataDir.resolve("cluster"));
      return cluster;
    } catch (RuntimeException | InterruptedException e) {
      cluster.close();
      throw e;
    }
  }

  List<NodeProcess> nodes() {
    return nodes;
  }

  /**
   * Waits until every running node serves and sees all of them up and reachable; fails when a node
   * exits or at the timeout, naming the node and its log.
   */
  void awaitMembersUp(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    var running = nodes.stream().filter(NodeProcess::alive).toList();
    while (true) {
      NodeProcess lagging = null;
      for (var node : running) {
        if (!node.alive()) {
          throw new IllegalStateException(
              node.id() + " exited before the cluster was up; its log: " + node.log());
        }
        boolean up = node.cluster().map(s -> s.membersUp() == running.size()).orElse(false);
        if (!up && lagging == null) {
          lagging = node;
        }
      }
      if (lagging == null) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            lagging.id()
                + " did not see "
                + running.size()
                + " members up within "
                + timeout.toSeconds()
                + " s; its log: "
                + lagging.log());
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  /**
   * The running node whose {@code GET /v1/cluster} lists {@code module}, within {@code timeout}.
   */
  NodeProcess hostOf(String module, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      var host = findHost(module);
      if (host.isPresent()) {
        return host.get();
      }
      Thread.sleep(POLL.toMillis());
    }
    throw new IllegalStateException(
        "no node runs " + module + " after " + timeout.toSeconds() + " s");
  }

  private Optional<NodeProcess> findHost(String module) {
    for (var node : nodes) {
      var status = node.cluster();
      if (status.isPresent() && status.get().modules().contains(module)) {
        return Optional.of(node);
      }
    }
    return Optional.empty();
  }

  /** Kills every node still running. */
  @Override
  public void close() {
    destroyAll();
    try {
      Runtime.getRuntime().removeShutdownHook(killer);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down; the hook does the same, harmlessly.
    }
  }

  private void destroyAll() {
    for (var node : nodes) {
      node.destroy();
    }
  }

  /** {@code n} distinct free ports of 127.0.0.1, all picked before any is released. */
  private static List<Integer> freePorts(int n) {
    var sockets = new ArrayList<ServerSocket>();
    try {
      for (int i = 0; i < n; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getByName(NodeProcess.HOST)));
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find " + n + " free ports", e);
    } finally {
      for (var socket : sockets) {
        try {
          socket.close();
        } catch (IOException e) {
          // A listening socket that never accepted closes; nothing to do if it does not.
        }
      }
    }
  }
}
