package io.interstice.bench;

import io.interstice.client.IntersticeClient;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One call row of {@link ClusterBench}: a fresh cluster of N node processes, the bank modules
 * deployed and their accounts opened through node-1, then the closed-loop {@link ClusterCalls} load
 * from this JVM over connections to every node: warm-up, measurement, and the nodes' CPU time over
 * the measured window from {@link ProcessHandle.Info#totalCpuDuration()}.
 *
 * <p>Not thread-safe: one thread runs a row.
 */
final class ClusterCallRow {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
  private static final int OPEN_IN_FLIGHT = 200;
  private static final int CALLER_THREADS = 2;

  private ClusterCallRow() {}

  /** Runs the row on a fresh cluster of {@code size} nodes in {@code dataDir}. */
  static ClusterCallsResult run(
      Path dataDir, int size, ClusterCalls.Routing routing, ClusterBenchSettings settings)
      throws Exception {
    try (var cluster = NodeCluster.start(dataDir, size, START_TIMEOUT)) {
      var modules = new ArrayList<String>();
      for (int m = 0; m < settings.modules(); m++) {
        modules.add(ClusterBanks.name(m));
      }
      setUp(cluster.nodes().get(0), modules, settings);
      var nodeOfModule = placement(cluster, modules);
      return measure(cluster, routing, modules, nodeOfModule, settings);
    }
  }

  /**
   * Deploys the banks through {@code first} and opens accounts in each: a fresh bank numbers them
   * 1..accounts, the ids the transfers draw (a transfer naming another would fail the run).
   */
  private static void setUp(NodeProcess first, List<String> modules, ClusterBenchSettings settings)
      throws InterruptedException {
    try (var client =
        IntersticeClient.builder(URI.create(first.url())).requestTimeout(SETUP_TIMEOUT).build()) {
      for (int m = 0; m < modules.size(); m++) {
        client.deployJava(ClusterBanks.MODULES.get(m).getName());
      }
      var permits = new Semaphore(OPEN_IN_FLIGHT);
      var failures = new ConcurrentLinkedQueue<Throwable>();
      for (var module : modules) {
        for (int i = 1; i <= settings.accounts() && failures.isEmpty(); i++) {
          permits.acquire();
          client
              .callAsync(module, "open", "owner-" + i, ClusterBenchSettings.INITIAL_BALANCE)
              .whenComplete(
                  (result, error) -> {
                    if (error != null) {
                      failures.add(error);
                    }
                    permits.release();
                  });
        }
      }
      if (!permits.tryAcquire(OPEN_IN_FLIGHT, SETUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("opening accounts took over " + SETUP_TIMEOUT);
      }
      if (!failures.isEmpty()) {
        throw new IllegalStateException("opening accounts failed", failures.peek());
      }
    }
  }

  /** The index of the node running each module, from every node's {@code GET /v1/cluster}. */
  private static int[] placement(NodeCluster cluster, List<String> modules)
      throws InterruptedException {
    var nodeOfModule = new int[modules.size()];
    long deadline = System.nanoTime() + SETUP_TIMEOUT.toNanos();
    while (true) {
      Arrays.fill(nodeOfModule, -1);
      for (int n = 0; n < cluster.nodes().size(); n++) {
        var status = cluster.nodes().get(n).cluster();
        for (int m = 0; m < modules.size() && status.isPresent(); m++) {
          if (status.get().modules().contains(modules.get(m))) {
            nodeOfModule[m] = n;
          }
        }
      }
      if (Arrays.stream(nodeOfModule).allMatch(n -> n >= 0)) {
        return nodeOfModule;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "not every module is listed by a node: " + Arrays.toString(nodeOfModule));
      }
      Thread.sleep(100);
    }
  }

  private static ClusterCallsResult measure(
      NodeCluster cluster,
      ClusterCalls.Routing routing,
      List<String> modules,
      int[] nodeOfModule,
      ClusterBenchSettings settings)
      throws Exception {
    var nodes = cluster.nodes();
    var clients = new ArrayList<IntersticeClient>();
    var nodeOfClient = new int[settings.connections()];
    var timer = Executors.newSingleThreadScheduledExecutor();
    var callbacks = ClosedLoop.callbackThreads(CALLER_THREADS);
    try {
      for (int c = 0; c < settings.connections(); c++) {
        nodeOfClient[c] = c % nodes.size();
        clients.add(
            IntersticeClient.builder(URI.create(nodes.get(nodeOfClient[c]).url()))
                .requestTimeout(CALL_TIMEOUT)
                .build());
      }
      var calls =
          new ClusterCalls(
              clients, nodeOfClient, routing, modules, nodeOfModule, settings.accounts());
      // ClosedLoop measures from the end of the warm-up to the end of the window: sample the
      // nodes' CPU time at the same instants.
      long warmup = settings.warmup().toMillis();
      long end = warmup + settings.measure().toMillis();
      var cpuBefore = timer.schedule(() -> cpuNanos(nodes), warmup, TimeUnit.MILLISECONDS);
      var cpuAfter = timer.schedule(() -> cpuNanos(nodes), end, TimeUnit.MILLISECONDS);
      var counted =
          ClosedLoop.timed(
              calls,
              settings.callers(),
              settings.seed(),
              callbacks,
              settings.warmup(),
              settings.measure());
      long nodeCpu = cpuAfter.get() - cpuBefore.get();
      var latencies = counted.latencies();
      return new ClusterCallsResult(
          nodes.size(),
          routing.label(),
          modules.size(),
          placementText(nodes.size(), nodeOfModule),
          settings.connections(),
          settings.callers(),
          calls.crossingShare(),
          counted.committed(),
          counted.refused(),
          counted.seconds(),
          latencies.getValueAtPercentile(50) / 1e3,
          latencies.getValueAtPercentile(99) / 1e3,
          latencies.getMaxValue() / 1e3,
          counted.cpuMicrosPerAnswer(),
          counted.answered() == 0 ? 0 : nodeCpu / 1e3 / counted.answered(),
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    } finally {
      timer.shutdownNow();
      if (callbacks != null) {
        callbacks.shutdown();
      }
      clients.forEach(IntersticeClient::close);
    }
  }

  /** CPU time of every node process so far, all threads, in nanoseconds. */
  private static long cpuNanos(List<NodeProcess> nodes) {
    long total = 0;
    for (var node : nodes) {
      total +=
          ProcessHandle.of(node.pid())
              .flatMap(p -> p.info().totalCpuDuration())
              .map(Duration::toNanos)
              .orElse(0L);
    }
    return total;
  }

  /** Banks per node, in node order: {@code 2/2/2}. */
  static String placementText(int nodes, int[] nodeOfModule) {
    var counts = new int[nodes];
    for (int n : nodeOfModule) {
      counts[n]++;
    }
    return Arrays.stream(counts).mapToObj(String::valueOf).collect(Collectors.joining("/"));
  }
}
