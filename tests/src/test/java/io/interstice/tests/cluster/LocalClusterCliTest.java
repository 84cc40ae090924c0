package io.interstice.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code interstice cluster up 3}, {@code status} and {@code down} run as an operator runs them,
 * each in a process of its own, and the three nodes they start used with the CLI's verbs as a new
 * user types them: every node sees three members up, the bank deployed through node-1 runs on
 * exactly one node and is called through each node, a subscriber on node-3 sees a transfer made
 * through node-2, a refusal exits 1, and down leaves no node running. Every process the test
 * started, directly or through the CLI, is killed after it, whatever happened.
 */
class LocalClusterCliTest {
  private static final Duration CLI_TIMEOUT = Duration.ofSeconds(200);

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
    int port = FreePorts.consecutive(3);

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

    // As a user types them: deploy through node-1, calls through each node, a subscriber on
    // node-3 that sees a transfer made through node-2.
    var node1 = urls.get(0);
    var deployed = cli("deploy", "--url", node1, "--java", "io.interstice.examples.bank.Bank");
    assertEquals(0, deployed.exitCode(), deployed.output());
    assertTrue(deployed.stdout().startsWith("deployed bank"), deployed.output());
    var alice = cli("call", "--url", node1, "bank", "open", "\"alice\"", "100");
    assertEquals(0, alice.exitCode(), alice.output());
    var bob = cli("call", "--url", urls.get(1), "bank", "open", "\"bob\"", "100");
    assertEquals(0, bob.exitCode(), bob.output());
    int hosting = 0;
    for (var url : urls) {
      hosting += json(get(url + "/v1/cluster")).get("moduleCount").asInt();
    }
    assertEquals(1, hosting, "the bank runs on exactly one node");

    var subscriber = start("subscribe", "--url", urls.get(2), "bank");
    assertTrue(
        subscriber.awaitLines(line -> line.startsWith("accounts: 2 row(s)"), 1, CLI_TIMEOUT),
        subscriber.describe("\u0000"));
    var transfer = cli("call", "--url", urls.get(1), "bank", "transfer", "1", "2", "30");
    assertEquals(0, transfer.exitCode(), transfer.output());
    assertTrue(
        subscriber.awaitLines(
            line -> line.contains("update accounts") && line.contains("\"balance\":70"),
            1,
            CLI_TIMEOUT),
        "the subscriber on node-3 did not see the transfer made through node-2: "
            + subscriber.describe("\u0000"));
    subscriber.kill(Duration.ofSeconds(10));
    var refused = cli("call", "--url", urls.get(2), "bank", "transfer", "1", "2", "1000");
    assertEquals(1, refused.exitCode(), refused.output());
    assertTrue(refused.output().contains("insufficient funds"), refused.output());
    var balance = cli("query", "--url", urls.get(2), "bank", "balance", "2");
    assertEquals(0, balance.exitCode(), balance.output());
    assertEquals("130", balance.stdout().strip(), balance.output());

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
  }

  // ---- the CLI ------------------------------------------------------------------------------

  /** What one run of the CLI printed, and how it ended. */
  private record Run(int exitCode, List<String> lines, String output) {
    String stdout() {
      return String.join("\n", lines);
    }
  }

  /** Starts {@code interstice <args>}; the test kills it afterwards if it still runs. */
  private ChildJvm start(String... args) throws IOException {
    var stderr = Files.createTempFile(dir, "cli", ".stderr");
    var jvm =
        ChildJvm.start(
            "interstice " + String.join(" ", args),
            Interstice.class,
            "logback.xml",
            stderr,
            List.of(args));
    commands.add(jvm);
    return jvm;
  }

  private Run cli(String... args) throws IOException, InterruptedException {
    var jvm = start(args);
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

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    assertEquals(200, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }

  // ---- plumbing -----------------------------------------------------------------------------

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static List<String> words(String line) {
    return List.of(line.trim().split("\\s+"));
  }
}
