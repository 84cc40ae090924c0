package io.interstice.tests.http;

import static io.interstice.tests.http.NodeHttpApiTest.assertError;
import static io.interstice.tests.http.NodeProcess.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.tests.ChildJvm;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code interstice node} as a process: a SIGTERM answers the calls in flight and exits 0 with its
 * log closed, so that a restart sees every acknowledged transfer; a token guards every route but
 * health; misuse is one line on stderr and a non-zero exit.
 */
class NodeLifecycleTest {
  private static final String BANK = "/v1/modules/bank";
  private static final int TRANSFERS = 300;

  @TempDir Path dir;

  @Test
  void shouldAnswerCallsInFlightOnSigtermAndKeepEveryAcknowledgedTransfer() throws Exception {
    var data = dir.resolve("data");
    long acknowledged;
    try (var node = NodeProcess.start(data, dir.resolve("first.stderr"))) {
      deployBankWithTwoAccounts(node);
      var calls = new ArrayList<CompletableFuture<HttpResponse<String>>>();
      for (int i = 0; i < TRANSFERS; i++) {
        var request =
            node.request(BANK + "/reducers/transfer")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[1, 2, 1]"))
                .build();
        calls.add(node.client().sendAsync(request, HttpResponse.BodyHandlers.ofString()));
      }
      // Some of the calls are answered, others are still on their way, when the signal comes.
      calls.get(TRANSFERS / 10).join();
      assertEquals(0, node.terminate(Duration.ofSeconds(60)), node.jvm().describe("\u0000"));
      assertTrue(node.jvm().lines().contains("node node-1 stopped"), node.jvm().lines().toString());
      acknowledged = 0;
      for (var call : calls) {
        try {
          var response = call.get(30, TimeUnit.SECONDS);
          if (response.statusCode() == 200) {
            acknowledged++;
          } else {
            assertEquals(503, response.statusCode(), response.body());
          }
        } catch (java.util.concurrent.ExecutionException refused) {
          // Sent after the node stopped accepting connections: never acknowledged.
        }
      }
    }
    assertTrue(acknowledged > TRANSFERS / 10, "acknowledged " + acknowledged);
    try (var node = NodeProcess.start(data, dir.resolve("second.stderr"))) {
      var received = json(node.postJson(BANK + "/queries/balance", "[2]")).get("result").asLong();
      assertTrue(
          received >= acknowledged && received <= TRANSFERS,
          "account 2 received " + received + ", " + acknowledged + " were acknowledged");
      assertEquals(0, node.terminate(Duration.ofSeconds(60)));
    }
  }

  @Test
  void shouldRequireTheTokenOnEveryRouteButHealth() throws Exception {
    try (var node =
        NodeProcess.start(dir.resolve("data"), dir.resolve("node.stderr"), "--token", "s3cret")) {
      assertEquals(200, node.get("/health").statusCode());
      assertError(node.get("/v1/modules"), 401, "UNAUTHORIZED");
      assertError(node.get("/v1/nothing"), 401, "UNAUTHORIZED");
      assertError(node.get("/v1/cluster"), 401, "UNAUTHORIZED");
      node.withToken("wrong");
      assertError(
          node.postJson("/v1/modules", "{\"javaClass\": \"io.interstice.examples.bank.Bank\"}"),
          401,
          "UNAUTHORIZED");
      node.withToken("s3cret");
      assertEquals(200, node.get("/v1/modules").statusCode());
      assertTrue(json(node.get("/v1/modules")).get("modules").isEmpty());
      assertEquals(200, node.get("/v1/cluster").statusCode());
    }
  }

  @Test
  void shouldRefuseAPortInUseALockedDataDirectoryAndUnknownFlagsInOneLine() throws Exception {
    var data = dir.resolve("data");
    try (var node = NodeProcess.start(data, dir.resolve("node.stderr"))) {
      var port = node.url().substring(node.url().lastIndexOf(':') + 1);
      assertMisuse(
          List.of("node", "--data-dir", data.toString(), "--http-port", "0"),
          "already in use",
          "locked");
      assertMisuse(
          List.of("node", "--data-dir", dir.resolve("other").toString(), "--http-port", port),
          "address already in use",
          "port");
    }
    assertMisuse(
        List.of("node", "--data-dir", data.toString(), "--no-such-flag"), "Unknown option", "flag");
    var file = Files.writeString(dir.resolve("a-file"), "x");
    assertMisuse(
        List.of("node", "--data-dir", file.toString(), "--http-port", "0"),
        "is not writable",
        "file");
    assertMisuse(
        List.of("node", "--data-dir", data.toString(), "--bind", "0.0.0.0"),
        "without a token",
        "bind");
    // The log's settings and the log itself are checked before the node serves anything.
    var badSettings =
        Files.writeString(dir.resolve("bad.conf"), "interstice.journal.segment-size = 10\n");
    assertMisuse(
        List.of("node", "--data-dir", data.toString(), "--config", badSettings.toString()),
        "invalid configuration interstice.journal: segment-size",
        "settings");
    var stray = Files.writeString(data.resolve("journal").resolve("node-1").resolve("x.bin"), "x");
    assertMisuse(
        List.of("node", "--data-dir", data.toString(), "--http-port", "0"),
        "unexpected file " + stray,
        "stray");
  }

  @Test
  void shouldDisconnectASubscriberThatNeverReadsAndGoOnServing() throws Exception {
    var config =
        Files.writeString(dir.resolve("node.conf"), "interstice.http.websocket.max-buffered = 4\n");
    try (var node =
        NodeProcess.start(
            dir.resolve("data"), dir.resolve("node.stderr"), "--config", config.toString())) {
      deployBankWithTwoAccounts(node);
      // Asks for one message, then never for another: the socket stops reading.
      var stalled =
          node.client()
              .newWebSocketBuilder()
              .buildAsync(
                  java.net.URI.create(
                      node.url().replace("http:", "ws:") + BANK + "/subscribe?tables=accounts"),
                  new java.net.http.WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onText(
                        java.net.http.WebSocket ws, CharSequence data, boolean last) {
                      return null;
                    }
                  })
              .get(30, TimeUnit.SECONDS);
      // Commits far larger than what the socket's buffers and the node's 4 messages hold.
      var owner = "o".repeat(200_000);
      for (int i = 0; i < 60; i++) {
        var opened = node.postJson(BANK + "/reducers/open", "[\"" + owner + i + "\", 1]");
        assertEquals(200, opened.statusCode(), opened.body());
      }
      long started = System.nanoTime();
      assertEquals(200, node.get("/health").statusCode());
      var balance = node.postJson(BANK + "/queries/balance", "[1]");
      assertEquals(200, balance.statusCode(), balance.body());
      assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "the node slowed down");
      stalled.abort();
      assertEquals(0, node.terminate(Duration.ofSeconds(60)));
    }
  }

  private void assertMisuse(List<String> args, String expected, String name) throws Exception {
    var stderr = dir.resolve(name + ".stderr");
    ChildJvm jvm = NodeProcess.run(args, stderr);
    assertTrue(jvm.process().waitFor(60, TimeUnit.SECONDS), name + " did not exit");
    int status = jvm.process().exitValue();
    var lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
    assertTrue(status != 0, name + " exited 0");
    assertEquals(1, lines.size(), name + ": " + lines);
    assertTrue(lines.get(0).startsWith("error: "), lines.get(0));
    assertTrue(lines.get(0).contains(expected), lines.get(0));
    assertFalse(jvm.lines().stream().anyMatch(l -> l.contains("serving")), jvm.lines().toString());
  }

  private static void deployBankWithTwoAccounts(NodeProcess node) {
    node.deployBank(1_000_000, "a");
    assertEquals(200, node.postJson(BANK + "/reducers/open", "[\"b\", 0]").statusCode());
  }
}
