package io.interstice.bench;

import io.interstice.cli.Interstice;
import io.interstice.client.ClusterStatus;
import io.interstice.client.IntersticeClient;
import io.interstice.client.IntersticeClientException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One {@code interstice node} process of {@link ClusterBench}'s local cluster, started as {@code
 * interstice cluster up} starts one: the local cluster's settings ({@code
 * local-cluster/common.conf} from the class path) with this node's id, ports and the seeds written
 * to {@code <data-dir>/cluster/<id>.conf}, its output appended to {@code
 * <data-dir>/cluster/<id>.log}. It runs this JVM's Java and class path, and stays in this process's
 * group (no {@code setsid}), so a Ctrl-C in the terminal stops it with the bench. {@link #start}
 * may be called again after {@link #kill}: the node comes back with the same id, ports and log, as
 * a restarted node does.
 *
 * <p>Thread-safety: one thread starts and kills it; the process is volatile, so that a shutdown
 * hook may kill it too; {@link #client} is thread-safe.
 */
final class NodeProcess {
  /** The address every node listens on, for the HTTP API and cluster traffic. */
  static final String HOST = "127.0.0.1";

  private static final String LOGBACK = "logback-cluster-node.xml";
  private static final String HEAP = "-Xmx1g";
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

  private final String id;
  private final int httpPort;
  private final int clusterPort;
  private final Path dataDir;
  private final Path config;
  private final Path log;
  private final IntersticeClient client;
  private volatile Process process;

  private NodeProcess(String id, int httpPort, int clusterPort, Path dataDir) {
    this.id = id;
    this.httpPort = httpPort;
    this.clusterPort = clusterPort;
    this.dataDir = dataDir;
    this.config = dataDir.resolve("cluster").resolve(id + ".conf");
    this.log = dataDir.resolve("cluster").resolve(id + ".log");
    // Probes, not load: one attempt each, answered fast or counted as no answer.
    this.client =
        IntersticeClient.builder(URI.create(url()))
            .connectTimeout(Duration.ofMillis(500))
            .requestTimeout(Duration.ofSeconds(1))
            .maxAttempts(1)
            .keepAlive(Duration.ZERO)
            .build();
  }

  /**
   * A node {@code id} of a cluster whose members listen on {@code seedPorts} (this node's own among
   * them), sharing {@code dataDir}; writes its configuration, starts nothing.
   */
  static NodeProcess plan(
      String id, int httpPort, int clusterPort, List<Integer> seedPorts, Path dataDir) {
    var node = new NodeProcess(id, httpPort, clusterPort, dataDir);
    var seeds =
        seedPorts.stream()
            .map(port -> "\"" + address(port) + "\"")
            .collect(Collectors.joining(", "));
    var text =
        """
        # %s of ClusterBench's local cluster, as `interstice cluster up` writes one.
        include classpath("local-cluster/common.conf")

        interstice.journal.log-id = "%s"
        interstice.http.port = %d
        pekko.remote.artery.canonical.port = %d
        pekko.cluster.seed-nodes = [%s]
        """
            .formatted(id, id, httpPort, clusterPort, seeds);
    try {
      Files.createDirectories(node.config.getParent());
      Files.writeString(node.config, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + node.config, e);
    }
    return node;
  }

  static String address(int clusterPort) {
    return "pekko://interstice@" + HOST + ":" + clusterPort;
  }

  String id() {
    return id;
  }

  String url() {
    return "http://" + HOST + ":" + httpPort;
  }

  /** Its cluster address, as {@code GET /v1/cluster} names members. */
  String address() {
    return address(clusterPort);
  }

  Path log() {
    return log;
  }

  /** A client of this node for probes: one attempt, 1 s to answer. */
  IntersticeClient client() {
    return client;
  }

  /** Starts the process (it is not serving yet). */
  void start() {
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var command = new ArrayList<String>();
    command.addAll(List.of(java, HEAP, "-Dlogback.configurationFile=" + LOGBACK));
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.addAll(List.of(Interstice.class.getName(), "node"));
    command.addAll(List.of("--config", config.toString(), "--data-dir", dataDir.toString()));
    var builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().remove("INTERSTICE_TOKEN");
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + id + " (" + java + ")", e);
    }
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  long pid() {
    return process == null ? -1 : process.pid();
  }

  /**
   * {@code kill -9}, then waits until the process is gone.
   *
   * @return {@link System#nanoTime()} when the signal was sent
   */
  long kill() throws InterruptedException {
    long sent = System.nanoTime();
    process.toHandle().destroyForcibly();
    if (!process.waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(id + " (pid " + process.pid() + ") survived SIGKILL");
    }
    return sent;
  }

  /** What the node sees of its cluster, or empty when it does not answer within a second. */
  Optional<ClusterStatus> cluster() {
    if (!alive()) {
      return Optional.empty();
    }
    try {
      return Optional.of(client.cluster());
    } catch (IntersticeClientException e) {
      return Optional.empty();
    }
  }

  /** Kills the process if it runs and ends the probe client; never throws. */
  void destroy() {
    if (process != null && process.isAlive()) {
      process.toHandle().destroyForcibly();
      try {
        process.waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    client.close();
  }
}
