package io.interstice.tests.http;

import static io.interstice.tests.http.NodeHttpApiTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the web console needs of a real {@code interstice node} with a token, asked with a plain
 * HTTP client: its static files without the token (right types, revalidated by entity tag, nothing
 * outside the console reachable), the placement of modules and the recovery of a module with the
 * token only, and the token carried by a WebSocket subprotocol, as a browser must send it.
 */
class ConsoleHttpTest {
  private static final String TOKEN = "console-s3cret";

  @TempDir java.nio.file.Path dir;

  @Test
  void shouldServeTheConsoleWithoutDataAndTheDataOnlyWithTheToken() throws Exception {
    try (var node =
        NodeProcess.start(dir.resolve("data"), dir.resolve("node.stderr"), "--token", TOKEN)) {
      var page = node.get("/");
      assertEquals(200, page.statusCode(), page.body());
      assertEquals("text/html; charset=UTF-8", page.headers().firstValue("Content-Type").get());
      assertTrue(page.body().contains("<script type=\"module\" src=\"/console/app.js\">"));
      var policy = page.headers().firstValue("Content-Security-Policy").orElse("");
      assertTrue(policy.contains("connect-src 'self'"), policy);
      assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));

      var script = node.get("/console/app.js");
      assertEquals(200, script.statusCode());
      assertEquals(
          "text/javascript; charset=UTF-8", script.headers().firstValue("Content-Type").get());
      assertEquals("no-cache", script.headers().firstValue("Cache-Control").get());
      assertEquals(
          "text/css; charset=UTF-8",
          node.get("/console/console.css").headers().firstValue("Content-Type").get());

      // Revalidation: the same bytes answer 304 to their entity tag.
      var etag = script.headers().firstValue("ETag").orElseThrow();
      var again =
          node.send(node.request("/console/app.js").header("If-None-Match", etag).GET().build());
      assertEquals(304, again.statusCode());
      assertEquals("", again.body());

      // Only the console's own files, by exact name.
      assertError(node.get("/console/nothing.js"), 404, "UNKNOWN_ROUTE");
      assertError(node.get("/console/..%2Fapp.js"), 404, "UNKNOWN_ROUTE");
      assertError(node.get("/console/%2e%2e%2f%2e%2e%2fpom.xml"), 404, "UNKNOWN_ROUTE");
      var outside = node.get("/console/../logback.xml");
      assertNotEquals(200, outside.statusCode(), outside.body());
      assertFalse(outside.body().contains("<configuration"), outside.body());

      // Every data route needs the token.
      assertError(node.get("/v1/cluster/placement"), 401, "UNAUTHORIZED");
      assertError(node.get("/v1/modules"), 401, "UNAUTHORIZED");
      assertError(
          node.send(
              node.request("/v1/modules")
                  .header("Sec-WebSocket-Protocol", "interstice, " + protocol(TOKEN))
                  .GET()
                  .build()),
          401,
          "UNAUTHORIZED");

      node.withToken(TOKEN);
      node.deployBank(100, "alice", "bob");
      var placement = NodeProcess.json(node.get("/v1/cluster/placement"));
      var bank = placement.get("modules").get(0);
      assertEquals("bank", bank.get("name").asText(), placement.toString());
      var self = NodeProcess.json(node.get("/v1/cluster")).get("address").asText();
      assertEquals(self, bank.get("address").asText(), placement.toString());
      assertTrue(bank.get("shard").asText().matches("\\d+"), placement.toString());
      assertEquals(0, placement.get("moves").size(), placement.toString());

      var described = NodeProcess.json(node.get("/v1/modules/bank"));
      assertTrue(described.get("recovery").get("millis").asLong() >= 0, described.toString());
      assertEquals(0, described.get("recovery").get("snapshotSequenceNr").asLong());
      assertTrue(described.get("schema").get("subscriptions").isArray(), described.toString());
      var history = described.get("history");
      assertEquals(1, history.size(), described.toString());
      assertEquals("deployed", history.get(0).get("kind").asText());
      assertEquals(1, history.get(0).get("version").asInt());
      assertTrue(history.get(0).get("at").asText().endsWith("Z"), history.toString());
    }
  }

  @Test
  void shouldAcceptTheTokenAsAWebSocketSubprotocolOnly() throws Exception {
    try (var node =
        NodeProcess.start(dir.resolve("data"), dir.resolve("node.stderr"), "--token", TOKEN)) {
      node.withToken(TOKEN).deployBank(100, "alice");
      var path = "/v1/modules/bank/subscribe?tables=accounts";

      var messages = new LinkedBlockingQueue<String>();
      var socket = browserSocket(node, path, messages, "interstice", protocol(TOKEN));
      assertEquals("interstice", socket.getSubprotocol());
      var rows = NodeProcess.next(messages);
      assertEquals("rows", rows.get("type").asText(), rows.toString());
      assertEquals(1, rows.get("tables").get("accounts").size());
      assertEquals(200, node.postJson("/v1/modules/bank/reducers/deposit", "[1, 5]").statusCode());
      assertEquals("commit", NodeProcess.next(messages).get("type").asText());
      socket.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);

      for (var refused :
          new String[][] {
            {"interstice", protocol("wrong")},
            {"interstice", "bearer.%%%"},
            {"interstice"},
          }) {
        var failure =
            assertThrows(
                ExecutionException.class,
                () -> browserSocket(node, path, new LinkedBlockingQueue<>(), refused));
        var handshake = assertInstanceOf(WebSocketHandshakeException.class, failure.getCause());
        assertEquals(401, handshake.getResponse().statusCode());
      }
      // The calls channel takes it too.
      var answers = new LinkedBlockingQueue<String>();
      var calls = browserSocket(node, "/v1/calls", answers, "interstice", protocol(TOKEN));
      calls.sendText(
          "{\"id\": 7, \"module\": \"bank\", \"reducer\": \"deposit\", \"args\": [1, 1]}", true);
      var answer = NodeProcess.next(answers);
      assertEquals(7, answer.get("id").asInt(), answer.toString());
      assertTrue(answer.get("tx").asLong() > 0, answer.toString());
    }
  }

  /** The subprotocol the console sends its token in: {@code bearer.<unpadded base64url>}. */
  static String protocol(String token) {
    return "bearer."
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(token.getBytes(StandardCharsets.UTF_8));
  }

  /** A WebSocket with no Authorization header, offering these subprotocols, as a browser's. */
  private static java.net.http.WebSocket browserSocket(
      NodeProcess node, String path, LinkedBlockingQueue<String> into, String... protocols)
      throws Exception {
    var builder = node.client().newWebSocketBuilder();
    if (protocols.length > 0) {
      builder.subprotocols(
          protocols[0], java.util.Arrays.copyOfRange(protocols, 1, protocols.length));
    }
    return builder
        .buildAsync(
            URI.create(node.url().replace("http:", "ws:") + path),
            new java.net.http.WebSocket.Listener() {
              @Override
              public java.util.concurrent.CompletionStage<?> onText(
                  java.net.http.WebSocket ws, CharSequence data, boolean last) {
                into.add(data.toString());
                ws.request(1);
                return null;
              }
            })
        .get(30, TimeUnit.SECONDS);
  }
}
