package io.interstice.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a stub of a node (the JDK's HTTP server): what it sends, how it retries and
 * how it reads errors. Its behaviour against a real node is tested in {@code tests/}.
 */
class IntersticeClientTest {
  private final List<String> keys = new CopyOnWriteArrayList<>();
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** Serves {@code answers} in turn (the last one again once they run out). */
  private IntersticeClient stub(Answer... answers) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          int n = requests.getAndIncrement();
          keys.add(String.valueOf(exchange.getRequestHeaders().getFirst("Idempotency-Key")));
          bodies.add(
              exchange.getRequestURI()
                  + " "
                  + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          answers[Math.min(n, answers.length - 1)].send(exchange);
        });
    server.start();
    var url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    return IntersticeClient.builder(url).retryBackoff(Duration.ofMillis(5)).token("t0k").build();
  }

  @Test
  void shouldRetryAnUnavailableCallWithTheSameKey() throws IOException {
    try (var client = stub(unavailable(), unavailable(), ok("{\"tx\": 9, \"result\": null}"))) {
      var result = client.call("bank", "transfer", 1, 2, 30);
      assertEquals(9, result.tx());
      assertEquals(3, requests.get());
      assertEquals(1, keys.stream().distinct().count(), keys.toString());
      assertTrue(keys.get(0).length() >= 32, keys.toString());
      assertEquals("/v1/modules/bank/reducers/transfer [1,2,30]", bodies.get(0));
    }
  }

  @Test
  void shouldSendTheCallersKeyAndAFreshOneForEachCallWithout() throws IOException {
    try (var client = stub(ok("{\"tx\": 1, \"result\": null}"))) {
      client.call("chat", "post", IdempotencyKey.of("post-7"), "ann", "general", "hi");
      client.call("chat", "post", "ann", "general", "hi");
      client.call("chat", "post", "ann", "general", "hi");
      assertEquals("post-7", keys.get(0));
      assertEquals(3, keys.stream().distinct().count(), keys.toString());
      assertEquals("/v1/modules/chat/reducers/post [\"ann\",\"general\",\"hi\"]", bodies.get(1));
    }
  }

  @Test
  void shouldGiveUpAfterMaxAttemptsWithTheNodesKind() throws IOException {
    try (var client = stub(unavailable())) {
      var error =
          assertThrows(IntersticeClientException.class, () -> client.call("bank", "open", "x", 1));
      assertEquals(ErrorKind.UNAVAILABLE, error.kind());
      assertEquals(503, error.status());
      assertEquals(3, requests.get());
    }
  }

  @Test
  void shouldNotRetryARefusal() throws IOException {
    var refused =
        answer(
            409,
            "{\"error\": \"insufficient funds: account 2 has 5\", \"kind\": \"REDUCER_FAILED\"}");
    try (var client = stub(refused)) {
      var error =
          assertThrows(
              IntersticeClientException.class, () -> client.call("bank", "transfer", 2, 1, 50));
      assertEquals(ErrorKind.REDUCER_FAILED, error.kind());
      assertEquals(409, error.status());
      assertEquals("insufficient funds: account 2 has 5", error.getMessage());
      assertEquals(1, requests.get());
    }
  }

  @Test
  void shouldKeepAKindItDoesNotKnowByName() throws IOException {
    try (var client = stub(answer(429, "{\"error\": \"slow down\", \"kind\": \"TOO_MANY\"}"))) {
      var error = assertThrows(IntersticeClientException.class, () -> client.describe("bank"));
      assertEquals(ErrorKind.UNKNOWN, error.kind());
      assertEquals("TOO_MANY", error.kindName());
      assertEquals(429, error.status());
    }
  }

  @Test
  void shouldTellAnAnswerThatIsNotTheNodesErrorByItsStatus() throws IOException {
    try (var client = stub(answer(401, "<html>no</html>"))) {
      var error = assertThrows(IntersticeClientException.class, () -> client.modules());
      assertEquals(ErrorKind.UNAUTHORIZED, error.kind());
    }
  }

  @Test
  void shouldFailWithConnectionWhenNothingListens() throws IOException {
    int port;
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    var url = URI.create("http://127.0.0.1:" + port);
    try (var client = IntersticeClient.builder(url).retryBackoff(Duration.ofMillis(1)).build()) {
      var error = assertThrows(IntersticeClientException.class, () -> client.modules());
      assertEquals(ErrorKind.CONNECTION, error.kind());
      assertEquals(0, error.status());
      assertTrue(error.getMessage().contains("connection refused"), error.getMessage());
    }
  }

  @Test
  void shouldReadEveryRowAcrossPagesPassingNextAsAfter() throws IOException {
    try (var client =
        stub(
            ok("{\"rows\": [{\"id\": 1}, {\"id\": 2}], \"next\": 2}"),
            ok("{\"rows\": [], \"next\": 2}"),
            ok("{\"rows\": [{\"id\": 3}], \"next\": null}"))) {
      var ids =
          client
              .rows("bank", "accounts")
              .map(r -> r.get("id").asText())
              .collect(Collectors.joining(","));
      assertEquals("1,2,3", ids);
      assertEquals("/v1/modules/bank/tables/accounts?limit=100 ", bodies.get(0));
      assertEquals("/v1/modules/bank/tables/accounts?limit=100&after=2 ", bodies.get(1));
    }
  }

  @Test
  void shouldMapADescriptionAndIgnoreFieldsItDoesNotKnow() throws IOException {
    var description =
        """
        {"name": "bank", "version": 2, "code": "ab12", "engine": "java", "problem": null,
         "lastTx": 41, "future": true,
         "schema": {"tables": [{"name": "accounts", "columns": [{"name": "id", "type": "u64"}],
                                "primaryKey": "id", "autoIncrement": true,
                                "indexes": [{"name": "by_owner", "columns": ["owner"],
                                             "kind": "btree", "unique": true}]}],
                    "reducers": [{"name": "open", "params": [{"name": "owner", "type": "string"}]}],
                    "queries": [{"name": "balance", "params": [], "result": "i64"}]}}
        """;
    try (var client = stub(ok(description))) {
      var bank = client.describe("bank");
      assertEquals(2, bank.version());
      assertEquals(41, bank.lastTx());
      assertEquals(
          "owner", bank.schema().table("accounts").orElseThrow().indexes().get(0).columns().get(0));
      assertEquals("i64", bank.schema().query("balance").orElseThrow().result());
    }
  }

  @Test
  void shouldMapTheClusterStatusOfANode() throws IOException {
    var cluster =
        """
        {"node": "node-2", "address": "pekko://interstice@127.0.0.1:25522",
         "leader": "pekko://interstice@127.0.0.1:25521",
         "members": [{"address": "pekko://interstice@127.0.0.1:25521", "status": "up",
                      "roles": ["dc-default"], "up": true, "reachable": true, "self": false},
                     {"address": "pekko://interstice@127.0.0.1:25522", "status": "up",
                      "roles": ["dc-default"], "up": true, "reachable": true, "self": true},
                     {"address": "pekko://interstice@127.0.0.1:25523", "status": "up",
                      "roles": ["dc-default"], "up": true, "reachable": false, "self": false}],
         "shards": 1, "modules": ["bank"], "moduleCount": 1, "unansweredShards": 0}
        """;
    try (var client = stub(ok(cluster))) {
      var status = client.cluster();
      assertEquals("node-2", status.node());
      assertEquals(3, status.members().size());
      assertEquals(2, status.membersUp());
      assertTrue(status.members().get(1).self());
      assertEquals(List.of("bank"), status.modules());
      assertEquals(1, status.moduleCount());
      assertEquals("/v1/cluster ", bodies.get(0));
    }
  }

  @Test
  void shouldRefuseAKeyThatIsNotPrintableAscii() {
    assertThrows(IllegalArgumentException.class, () -> IdempotencyKey.of(""));
    assertThrows(IllegalArgumentException.class, () -> IdempotencyKey.of("é"));
    assertThrows(IllegalArgumentException.class, () -> IdempotencyKey.of("k".repeat(129)));
  }

  // ---- answers of the stub ------------------------------------------------------------------

  private interface Answer {
    void send(HttpExchange exchange) throws IOException;
  }

  private static Answer ok(String json) {
    return answer(200, json);
  }

  private static Answer unavailable() {
    return answer(503, "{\"error\": \"no answer in time\", \"kind\": \"UNAVAILABLE\"}");
  }

  private static Answer answer(int status, String body) {
    return exchange -> {
      var bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      try (var out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    };
  }
}
