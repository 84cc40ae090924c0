package io.interstice.tests.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.interstice.cli.Interstice;
import io.interstice.tests.ChildJvm;
import io.interstice.tests.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code interstice node} process of a test cluster on 127.0.0.1: the local cluster's settings
 * ({@code local-cluster/common.conf}, from the class path) with this test's free ports and data
 * directory, and a small HTTP client for it. {@link #start} may be called again after {@link
 * #kill}: the node comes back with the same id and ports.
 *
 * <p>Not thread-safe but for {@link #post} and {@link #get}, which any thread may call.
 */
final class ClusterNode {
  private static final ObjectMapper JSON = new ObjectMapper();

  final String id;
  final int httpPort;
  final int clusterPort;
  private final Path dataDir;
  private final Path config;
  private final List<String> seeds;
  private final Path logs;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private ChildJvm jvm;
  private int starts;

  ClusterNode(String id, Path dataDir, Path config, List<String> seeds, int clusterPort, Path logs)
      throws IOException {
    this.id = id;
    this.httpPort = FreePorts.one();
    this.clusterPort = clusterPort;
    this.dataDir = dataDir;
    this.config = config;
    this.seeds = seeds;
    this.logs = logs;
  }

  static String seed(int clusterPort) {
    return "pekko://interstice@127.0.0.1:" + clusterPort;
  }

  /** Starts the process; {@link #awaitReady} waits for its ready line. */
  void start() throws IOException {
    var args = new ArrayList<>(List.of("node", "--data-dir", dataDir.toString()));
    args.addAll(List.of("--node-id", id, "--config", config.toString()));
    args.addAll(List.of("--http-port", String.valueOf(httpPort)));
    args.addAll(List.of("--cluster-port", String.valueOf(clusterPort)));
    for (var seed : seeds) {
      args.addAll(List.of("--seed-node", seed));
    }
    starts++;
    jvm =
        ChildJvm.start(
            "interstice node " + id,
            Interstice.class,
            "logback.xml",
            logs.resolve(id + "-" + starts + ".stderr"),
            args);
  }

  void awaitReady(Duration timeout) throws InterruptedException {
    if (!jvm.awaitLines(line -> line.startsWith("node "), 1, timeout)) {
      throw new IllegalStateException(id + " did not start: " + jvm.describe("\u0000"));
    }
  }

  boolean alive() {
    return jvm != null && jvm.process().isAlive();
  }

  long pid() {
    return jvm.process().pid();
  }

  /** kill -9. */
  void kill() throws InterruptedException {
    jvm.kill(Duration.ofSeconds(10));
  }

  Process process() {
    return jvm.process();
  }

  String url() {
    return "http://127.0.0.1:" + httpPort;
  }

  /** POSTs JSON; null when no answer came (connection refused, reset, timed out). */
  HttpResponse<String> post(String path, String json, String idempotencyKey, Duration timeout) {
    var request =
        HttpRequest.newBuilder(URI.create(url() + path))
            .timeout(timeout)
            .header("Content-Type", "application/json");
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return send(request.POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  HttpResponse<String> get(String path) {
    return send(
        HttpRequest.newBuilder(URI.create(url() + path))
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build());
  }

  /** The JSON of a 200 answer to GET {@code path}, or null. */
  JsonNode getJson(String path) {
    var response = get(path);
    if (response == null || response.statusCode() != 200) {
      return null;
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      return null;
    }
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
