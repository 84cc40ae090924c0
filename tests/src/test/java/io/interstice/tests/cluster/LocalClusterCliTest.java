package io.interstice.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.interstice.cli.Interstice;
import io.interstice.runtime.module.ModuleActor;
import io.interstice.tests.ChildJvm;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code interstice cluster up 3}, {@code status} and {@code down} run as an operator runs them,
 * each in a process of its own, with the three nodes they start used over HTTP: every node sees
 * three members up, the bank deployed through node-1 runs on exactly one node and is called and
 * queried through the two others, and down leaves no node running. Every process the test started,
 * directly or through the CLI, is killed after it, whatever happened.
 */
class LocalClusterCliTest {
  private static final Duration CLI_TIMEOUT = Duration.ofSeconds(200);

  /** A call routed to another node: long enough for a move in progress, short beside 60 s. */
  private static final Duration ROUTED_CALL_TIMEOUT = Duration.ofSeconds(10);

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final List<ChildJvm> commands = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private Path data;

  @AfterEach
  void killEveryProcessTheTestStarted() throws InterruptedException {
    ChildJvm.killAll(commands.stream().map(ChildJvm::process).toList(), Duration.ofSeconds(30));
    if (data != null) {
      ClusterProcesses.killAll(data, Duration.ofSeconds(30));
    }
  }

  @Test
  void shouldStartThreeNodesServeTheBankThroughEachAndStopThemAll() throws Exception {
    data = dir.resolve("data");
    int port = freePorts(3);

    var up = cli("cluster", "up", "3", "--data-dir", data.toString(), "--http-port", "" + port);
    assertEquals(0, up.exitCode(), up.output());
    assertEquals(List.of("node", "pid", "http", "status"), words(up.lines().get(0)), up.output());
    var nodes = JSON.readTree(data.resolve("cluster/nodes.json").toFile()).get("nodes");
    assertEquals(3, nodes.size(), nodes.toString());
    var urls = new ArrayList<String>();
    for (int k = 1; k <= 3; k++) {
      var node = nodes.get(k - 1);
      var url = "http://127.0.0.1:" + (port + k - 1);
      urls.add(url);
      assertEquals("node-" + k, node.get("node").asText());
      assertEquals(url, node.get("http").asText());
      var row = words(up.lines().get(k));
      assertEquals(List.of("node-" + k, node.get("pid").asText(), url, "up"), row, up.output());
      // The command has exited; the nodes it started go on.
      assertTrue(alive(node.get("pid").asLong()), "node-" + k + " outlived the command");
    }

    var status = cli("cluster", "status", "--data-dir", data.toString(), "--json");
    assertEquals(0, status.exitCode(), status.output());
    var listed = JSON.readTree(status.stdout());
    assertEquals(3, listed.size(), status.stdout());
    for (var node : listed) {
      assertEquals("up", node.get("status").asText(), status.stdout());
      assertEquals(0, node.get("modules").asInt(), status.stdout());
    }

    for (int k = 1; k <= 3; k++) {
      var cluster = json(get(urls.get(k - 1) + "/v1/cluster"));
      assertEquals("node-" + k, cluster.get("node").asText(), cluster.toString());
      assertEquals(nodes.get(k - 1).get("cluster").asText(), cluster.get("address").asText());
      assertEquals(3, cluster.get("members").size(), cluster.toString());
      for (var member : cluster.get("members")) {
        assertEquals("up", member.get("status").asText(), cluster.toString());
        assertTrue(member.get("reachable").asBoolean(), cluster.toString());
      }
    }

    // A module's first shard goes to the region with the fewest shards, the oldest (node-1) among
    // equals: the bank is deployed and opened where it runs.
    var node1 = urls.get(0);
    var deployed =
        post(node1 + "/v1/modules", "{\"javaClass\": \"io.interstice.examples.bank.Bank\"}");
    assertEquals(200, deployed.statusCode(), deployed.body());
    for (var owner : List.of("alice", "bob")) {
      var opened = post(node1 + "/v1/modules/bank/reducers/open", "[\"" + owner + "\", 100]");
      assertEquals(200, opened.statusCode(), opened.body());
    }
    int hosting = 0;
    for (var url : urls) {
      hosting += json(get(url + "/v1/cluster")).get("moduleCount").asInt();
    }
    assertEquals(1, hosting, "the bank runs on exactly one node");

    // Calls and queries through node-2 and node-3, routed to the bank's node.
    var routed = new ArrayList<String>();
    var transfer = routed(urls.get(1) + "/v1/modules/bank/reducers/transfer", "[1, 2, 30]");
    expect(routed, "transfer through node-2", transfer, 200, null);
    var alice = routedAsync(urls.get(2) + "/v1/modules/bank/queries/balance", "[1]");
    var bob = routedAsync(urls.get(1) + "/v1/modules/bank/queries/balance", "[2]");
    expect(routed, "balance of alice through node-3", alice.join(), 200, "{\"result\":70}");
    expect(routed, "balance of bob through node-2", bob.join(), 200, "{\"result\":130}");

    var withBank =
        JSON.readTree(cli("cluster", "status", "--data-dir", "" + data, "--json").stdout());
    int modules = 0;
    for (var node : withBank) {
      modules += node.get("modules").asInt();
    }
    assertEquals(1, modules, withBank.toString());

    var down = cli("cluster", "down", "--data-dir", data.toString());
    assertEquals(0, down.exitCode(), down.output());
    for (int k = 3; k >= 1; k--) {
      var line = down.lines().get(3 - k);
      assertTrue(line.startsWith("node-" + k + "  pid "), down.output());
      assertTrue(line.contains(" stopped in "), down.output());
    }
    for (var node : nodes) {
      assertFalse(alive(node.get("pid").asLong()), node + " after cluster down");
    }
    assertFalse(Files.exists(data.resolve("cluster/nodes.json")));

    // MARKED: calls between nodes work only once the runtime's messages have serializers.
    if (!routed.isEmpty()) {
      assertFalse(
          moduleCommandsHaveSerializers(),
          "calls routed to another node failed although module commands have a serializer: "
              + routed);
      Assumptions.abort(
          "NOT YET CHECKED: calls routed between nodes failed because module commands have no"
              + " serializer binding yet (ModuleActor.Command); the rest passed: "
              + routed);
    }
  }

  // ---- the CLI ------------------------------------------------------------------------------

  /** What one run of the CLI printed, and how it ended. */
  private record Run(int exitCode, List<String> lines, String output) {
    String stdout() {
      return String.join("\n", lines);
    }
  }

  private Run cli(String... args) throws IOException, InterruptedException {
    var stderr = Files.createTempFile(dir, "cli", ".stderr");
    var jvm =
        ChildJvm.start(
            "interstice " + args[1], Interstice.class, "logback.xml", stderr, List.of(args));
    commands.add(jvm);
    if (!jvm.process().waitFor(CLI_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      var why = jvm.describe("\u0000");
      jvm.kill(Duration.ofSeconds(10));
      throw new AssertionError("interstice " + String.join(" ", args) + " hangs: " + why);
    }
    // The rest of stdout is read by another thread: wait until it has ended.
    jvm.awaitLines(line -> false, 1, Duration.ofSeconds(10));
    return new Run(jvm.process().exitValue(), jvm.lines(), jvm.describe("\u0000"));
  }

  // ---- HTTP ---------------------------------------------------------------------------------

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String url, String body)
      throws IOException, InterruptedException {
    return http.send(
        postRequest(url, body, Duration.ofSeconds(75)), HttpResponse.BodyHandlers.ofString());
  }

  private CompletableFuture<Object> routedAsync(String url, String body) {
    return http.sendAsync(
            postRequest(url, body, ROUTED_CALL_TIMEOUT), HttpResponse.BodyHandlers.ofString())
        .handle((response, failure) -> failure == null ? response : failure);
  }

  private Object routed(String url, String body) {
    return routedAsync(url, body).join();
  }

  private static HttpRequest postRequest(String url, String body, Duration timeout) {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  /** Notes in {@code failures} what a routed call answered when it is not the expected answer. */
  private static void expect(
      List<String> failures, String what, Object outcome, int status, String body) {
    if (outcome instanceof HttpResponse<?> response) {
      if (response.statusCode() == status && (body == null || body.equals(response.body()))) {
        return;
      }
      failures.add(what + ": " + response.statusCode() + " " + response.body());
    } else {
      failures.add(what + ": " + outcome);
    }
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    assertEquals(200, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }

  // ---- plumbing -----------------------------------------------------------------------------

  /**
   * Whether the runtime binds a serializer other than Java's to the commands of module actors, as
   * messages routed to a module on another node need.
   */
  private static boolean moduleCommandsHaveSerializers() {
    var bindings = ConfigFactory.load().getObject("pekko.actor.serialization-bindings");
    for (var binding : bindings.entrySet()) {
      try {
        var bound = Class.forName(binding.getKey());
        if (bound.isAssignableFrom(ModuleActor.Call.class)
            && bound != java.io.Serializable.class
            && !"java".equals(binding.getValue().unwrapped())) {
          return true;
        }
      } catch (ClassNotFoundException e) {
        // A binding for a class of a library not on this class path.
      }
    }
    return false;
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static List<String> words(String line) {
    return List.of(line.trim().split("\\s+"));
  }

  /** The first of {@code n} consecutive ports free on 127.0.0.1. */
  private static int freePorts(int n) throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int first;
      try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        first = socket.getLocalPort();
      }
      if (first + n - 1 > 65535) {
        continue;
      }
      boolean free = true;
      for (int port = first + 1; port < first + n && free; port++) {
        try (var socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
          free = true;
        } catch (IOException e) {
          free = false;
        }
      }
      if (free) {
        return first;
      }
    }
    throw new IllegalStateException("no " + n + " consecutive free ports on 127.0.0.1");
  }
}
