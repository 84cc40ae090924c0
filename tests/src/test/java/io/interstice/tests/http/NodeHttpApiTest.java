package io.interstice.tests.http;

import static io.interstice.tests.http.NodeProcess.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API of a real {@code interstice node} process, used as a client would: the Java bank and
 * the WebAssembly bank deployed, transfers, queries, pages of rows, and every kind of bad request
 * answered with a JSON error that changes nothing while the node goes on serving.
 */
class NodeHttpApiTest {
  private static final String BANK = "/v1/modules/bank";

  @TempDir static Path dir;
  private static NodeProcess node;

  @BeforeAll
  static void startNode() throws Exception {
    node = NodeProcess.start(dir.resolve("data"), dir.resolve("node.stderr"));
    node.deployBank(100, "alice", "bob", "carol", "dave", "erin");
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.close();
  }

  @Test
  void shouldDescribeTheDeployedBankWithItsPublicSchemaOnly() {
    var bank = json(node.get(BANK));
    assertEquals("bank", bank.get("name").asText());
    assertEquals("java", bank.get("engine").asText());
    assertEquals("accounts", bank.at("/schema/tables/0/name").asText());
    var reducers = new ArrayList<String>();
    bank.at("/schema/reducers").forEach(r -> reducers.add(r.get("name").asText()));
    assertEquals(List.of("deposit", "open", "transfer"), reducers);
    var listed = json(node.get("/v1/modules"));
    assertTrue(listed.get("modules").findValuesAsText("name").contains("bank"), listed.toString());
  }

  @Test
  void shouldAnswerATransferOnceDurableAndRefuseAnOverdraftWithTheReducersMessage() {
    var moved = node.postJson(BANK + "/reducers/transfer", "[1, 2, 10]");
    assertEquals(200, moved.statusCode(), moved.body());
    assertTrue(json(moved).get("tx").asLong() > 0, moved.body());
    assertTrue(json(moved).get("result").isNull(), moved.body());

    var before = balances();
    var refused = node.postJson(BANK + "/reducers/transfer", "[3, 4, 1000000]");
    assertEquals(409, refused.statusCode(), refused.body());
    assertEquals("REDUCER_FAILED", json(refused).get("kind").asText());
    assertTrue(json(refused).get("error").asText().contains("insufficient funds"), refused.body());
    assertEquals(before, balances());
  }

  @Test
  void shouldAnswerAQueryWithItsValueAsJson() {
    var balance = node.postJson(BANK + "/queries/balance", "[5]");
    assertEquals(200, balance.statusCode(), balance.body());
    assertEquals(100, json(balance).get("result").asLong());
    var account = json(node.postJson(BANK + "/queries/account", "[\"erin\"]"));
    assertEquals("erin", account.at("/result/owner").asText(), account.toString());
    var none = json(node.postJson(BANK + "/queries/account", "[\"nobody\"]"));
    assertTrue(none.get("result").isNull(), none.toString());
  }

  @Test
  void shouldPageRowsInPrimaryKeyOrder() {
    var ids = new ArrayList<Long>();
    String after = null;
    int pages = 0;
    do {
      var page =
          json(
              node.get(
                  BANK + "/tables/accounts?limit=2" + (after == null ? "" : "&after=" + after)));
      page.get("rows").forEach(row -> ids.add(row.get("id").asLong()));
      after = page.get("next").isNull() ? null : page.get("next").toString();
      pages++;
    } while (after != null && pages < 10);
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), ids);
    assertEquals(3, pages);
    var tooMany = node.get(BANK + "/tables/accounts?limit=1000000");
    assertError(tooMany, 400, "BAD_ARGUMENTS");
  }

  @Test
  void shouldDeployAndCallAWebAssemblyModule() throws Exception {
    var deployed =
        node.post(
            "/v1/modules", "application/wasm", NodeProcess.exampleWasm("hello-wasm", "hello.wasm"));
    assertEquals(200, deployed.statusCode(), deployed.body());
    assertEquals("hello", json(deployed).get("name").asText(), deployed.body());
    var called = node.postJson("/v1/modules/hello/reducers/hello", "[\"zed\"]");
    assertEquals(200, called.statusCode(), called.body());
    var rows = json(node.get("/v1/modules/hello/tables/greetings"));
    assertTrue(rows.toString().contains("zed"), rows.toString());
    assertError(node.postJson("/v1/modules/hello/reducers/hello", "[7]"), 400, "BAD_ARGUMENTS");
  }

  @Test
  void shouldRefuseEveryBadRequestWithAJsonErrorAndChangeNothing() {
    var before = balances();
    var transfer = BANK + "/reducers/transfer";
    assertError(node.postJson(transfer, "[1, 2"), 400, "BAD_ARGUMENTS");
    assertError(node.postJson(transfer, "[1, 2, 3] [4]"), 400, "BAD_ARGUMENTS");
    assertError(node.postJson(transfer, ""), 400, "BAD_ARGUMENTS");
    assertError(node.postJson(transfer, "[1, 2, \"3\"]"), 400, "BAD_ARGUMENTS");
    assertError(node.postJson(transfer, "[1, 2]"), 400, "BAD_ARGUMENTS");
    assertError(node.postJson(transfer, "[1, 2, 3, 4]"), 400, "BAD_ARGUMENTS");
    assertError(node.postJson(transfer, "[1, 2, 1.5]"), 400, "BAD_ARGUMENTS");
    assertError(node.postJson(transfer, "{\"from\": 1}"), 400, "BAD_ARGUMENTS");
    var badUtf8 = new byte[] {'[', '"', (byte) 0xff, (byte) 0xfe, '"', ']'};
    assertError(
        node.post(BANK + "/queries/account", "application/json", badUtf8), 400, "BAD_ARGUMENTS");
    assertError(
        node.post(transfer, "text/plain", "[1, 2, 3]".getBytes()), 415, "UNSUPPORTED_MEDIA_TYPE");
    var tooLarge = new byte[2 * 1024 * 1024];
    java.util.Arrays.fill(tooLarge, (byte) ' ');
    assertError(node.post(transfer, "application/json", tooLarge), 413, "BODY_TOO_LARGE");
    assertError(node.postJson(BANK + "/reducers/nope", "[]"), 404, "UNKNOWN_REDUCER");
    assertError(node.postJson(BANK + "/queries/nope", "[]"), 404, "UNKNOWN_REDUCER");
    assertError(node.postJson("/v1/modules/nope/reducers/x", "[]"), 404, "UNKNOWN_MODULE");
    assertError(node.get(BANK + "/tables/nope"), 404, "UNKNOWN_TABLE");
    assertError(node.get(BANK + "/tables/accounts?after=%22x%22"), 400, "BAD_ARGUMENTS");
    assertError(node.get("/v1/nothing"), 404, "UNKNOWN_ROUTE");
    assertError(node.get("/nothing"), 404, "UNKNOWN_ROUTE");
    assertError(node.send(node.request(BANK).DELETE().build()), 405, "METHOD_NOT_ALLOWED");
    assertError(node.get(transfer), 405, "METHOD_NOT_ALLOWED");
    assertError(
        node.post("/v1/modules", "application/wasm", "not wasm".getBytes()), 422, "BAD_MODULE");
    assertError(
        node.post("/v1/modules", "text/plain", "x".getBytes()), 415, "UNSUPPORTED_MEDIA_TYPE");
    assertError(
        node.postJson("/v1/modules", "{\"javaClass\": \"no.such.Module\"}"), 422, "BAD_MODULE");
    assertError(node.postJson("/v1/modules", "{\"class\": \"x\"}"), 400, "BAD_ARGUMENTS");
    assertEquals(before, balances());
    assertEquals(200, node.get("/health").statusCode());
  }

  @Test
  void shouldSendCurrentRowsThenEveryCommitToASubscriber() throws Exception {
    var messages = new LinkedBlockingQueue<String>();
    var socket = node.socket(BANK + "/subscribe?tables=accounts", messages);
    try {
      var current = NodeProcess.next(messages);
      assertEquals("rows", current.get("type").asText(), current.toString());
      assertTrue(current.at("/tables/accounts").size() >= 5, current.toString());
      assertEquals(200, node.postJson(BANK + "/reducers/deposit", "[5, 1]").statusCode());
      var commit = NodeProcess.next(messages);
      assertEquals("commit", commit.get("type").asText(), commit.toString());
      assertEquals("update", commit.at("/changes/0/op").asText(), commit.toString());
      assertEquals(5, commit.at("/changes/0/new/id").asLong(), commit.toString());
    } finally {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
    assertError(node.get(BANK + "/subscribe?tables=nope"), 404, "UNKNOWN_TABLE");
    assertError(node.get(BANK + "/subscribe"), 400, "BAD_ARGUMENTS");
  }

  @Test
  void shouldAnswerManyCallsInFlightOnTheCallChannel() throws Exception {
    var answers = new LinkedBlockingQueue<String>();
    var socket = node.socket("/v1/calls", answers);
    int calls = 200;
    try {
      for (int id = 1; id <= calls; id++) {
        var frame =
            "{\"id\": "
                + id
                + ", \"module\": \"bank\", \"reducer\": \"deposit\", \"args\": [4, 1]}";
        socket.sendText(frame, true).get(10, TimeUnit.SECONDS);
      }
      socket.sendText(
          "{\"id\": \"refused\", \"module\": \"bank\", \"reducer\": \"transfer\", \"args\": [4, 1, 100000000]}",
          true);
      socket.sendText("{\"id\": \"bad\", \"module\": \"bank\"", true);
      socket.sendText(
          "{\"id\": \"types\", \"module\": \"bank\", \"reducer\": \"deposit\", \"args\": [\"x\", 1]}",
          true);
      var committed = new java.util.HashSet<Long>();
      var errors = new java.util.HashMap<String, String>();
      for (int i = 0; i < calls + 3; i++) {
        var answer = NodeProcess.next(answers);
        if (answer.has("tx")) {
          committed.add(answer.get("id").asLong());
        } else {
          errors.put(answer.get("id").asText(), answer.get("kind").asText());
        }
      }
      assertEquals(calls, committed.size());
      assertEquals("REDUCER_FAILED", errors.get("refused"), errors.toString());
      assertEquals("BAD_ARGUMENTS", errors.get("null"), errors.toString());
      assertEquals("BAD_ARGUMENTS", errors.get("types"), errors.toString());
    } finally {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
  }

  @Test
  void shouldAnswerCallsSentAsArraysWithArraysOfAnswers() throws Exception {
    var answers = new LinkedBlockingQueue<String>();
    var socket = node.socket("/v1/calls", answers);
    var before = json(node.postJson(BANK + "/queries/balance", "[2]")).get("result").asLong();
    try {
      int arrays = 5;
      int perArray = 40;
      for (int a = 0; a < arrays; a++) {
        var frame = new StringBuilder("[");
        for (int c = 0; c < perArray; c++) {
          frame.append(c == 0 ? "" : ",").append("{\"id\": ").append(a * perArray + c);
          frame.append(", \"module\": \"bank\", \"reducer\": \"deposit\", \"args\": [2, 1]}");
        }
        socket.sendText(frame.append("]").toString(), true).get(10, TimeUnit.SECONDS);
      }
      socket
          .sendText("[{\"id\": \"odd\", \"module\": \"bank\"}, 7, {\"id\": \"lone\"}]", true)
          .get(10, TimeUnit.SECONDS);
      var committed = new java.util.HashSet<Long>();
      var errors = new java.util.HashMap<String, String>();
      int answered = 0;
      while (answered < arrays * perArray + 3) {
        var message = NodeProcess.next(answers);
        assertTrue(message.isArray(), "calls sent in arrays are answered in arrays: " + message);
        for (var answer : message) {
          answered++;
          if (answer.has("tx")) {
            assertTrue(committed.add(answer.get("id").asLong()), "answered twice: " + answer);
          } else {
            errors.put(answer.get("id").asText(), answer.get("kind").asText());
          }
        }
      }
      assertEquals(arrays * perArray, committed.size());
      assertEquals(
          java.util.Map.of(
              "odd", "BAD_ARGUMENTS", "null", "BAD_ARGUMENTS", "lone", "BAD_ARGUMENTS"),
          errors);
      var after = json(node.postJson(BANK + "/queries/balance", "[2]")).get("result").asLong();
      assertEquals(before + arrays * perArray, after);
    } finally {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
  }

  @Test
  void shouldRunTheCallsOfAnArrayToOneModuleTogetherEachAsIfAlone() throws Exception {
    var answers = new LinkedBlockingQueue<String>();
    var socket = node.socket("/v1/calls", answers);
    var before = json(node.postJson(BANK + "/queries/balance", "[4]")).get("result").asLong();
    var call = "{\"id\": \"%s\", \"module\": \"%s\", \"reducer\": \"%s\", \"args\": %s%s}";
    var frame =
        "["
            + String.join(
                ",",
                String.format(call, "a", "bank", "deposit", "[4, 5]", ""),
                String.format(call, "broke", "bank", "transfer", "[4, 5, 1000000000]", ""),
                String.format(call, "typed", "bank", "deposit", "[\"four\", 5]", ""),
                String.format(
                    call, "k1", "bank", "deposit", "[4, 7]", ", \"idempotencyKey\": \"k\""),
                String.format(
                    call, "k2", "bank", "deposit", "[4, 7]", ", \"idempotencyKey\": \"k\""),
                String.format(call, "ghost1", "nobank", "deposit", "[4, 5]", ""),
                String.format(call, "ghost2", "nobank", "deposit", "[4, 5]", ""),
                String.format(call, "nameless", "bank", "nosuch", "[]", ""),
                "{\"id\": \"bad\", \"module\": \"bank\"}")
            + "]";
    try {
      socket.sendText(frame, true).get(10, TimeUnit.SECONDS);
      var outcomes = new java.util.HashMap<String, JsonNode>();
      while (outcomes.size() < 9) {
        for (var answer : NodeProcess.next(answers)) {
          assertNull(outcomes.put(answer.get("id").asText(), answer), "answered twice: " + answer);
        }
      }
      assertTrue(outcomes.get("a").get("tx").asLong() > 0, outcomes.toString());
      assertEquals("REDUCER_FAILED", outcomes.get("broke").get("kind").asText());
      assertEquals("BAD_ARGUMENTS", outcomes.get("typed").get("kind").asText());
      assertEquals(
          outcomes.get("k1").get("tx"),
          outcomes.get("k2").get("tx"),
          "one key, one transaction: " + outcomes);
      assertEquals("UNKNOWN_MODULE", outcomes.get("ghost1").get("kind").asText());
      assertEquals("UNKNOWN_MODULE", outcomes.get("ghost2").get("kind").asText());
      assertEquals("UNKNOWN_REDUCER", outcomes.get("nameless").get("kind").asText());
      assertEquals("BAD_ARGUMENTS", outcomes.get("bad").get("kind").asText());
      var after = json(node.postJson(BANK + "/queries/balance", "[4]")).get("result").asLong();
      assertEquals(before + 5 + 7, after, "the deposit and the keyed deposit, once each");
    } finally {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
  }

  @Test
  void shouldAnswerAnOversizedCallWithItsIdWhetherItCameInOneFrameOrMany() throws Exception {
    var answers = new LinkedBlockingQueue<String>();
    var socket = node.socket("/v1/calls", answers);
    var padding = "\"" + "x".repeat(1024 * 1024 + 10) + "\"";
    var head = "{\"id\": \"%s\", \"module\": \"bank\", \"reducer\": \"open\", \"args\": [";
    try {
      socket
          .sendText(String.format(head, "whole") + padding + ", 1]}", true)
          .get(10, TimeUnit.SECONDS);
      var whole = NodeProcess.next(answers);
      assertEquals("whole", whole.get("id").asText(), whole.toString());
      assertEquals("BODY_TOO_LARGE", whole.get("kind").asText(), whole.toString());

      socket.sendText(String.format(head, "parts"), false).get(10, TimeUnit.SECONDS);
      socket.sendText(padding.substring(0, 600_000), false).get(10, TimeUnit.SECONDS);
      socket.sendText(padding.substring(600_000) + ", 1]}", true).get(10, TimeUnit.SECONDS);
      var parts = NodeProcess.next(answers);
      assertEquals("parts", parts.get("id").asText(), parts.toString());
      assertEquals("BODY_TOO_LARGE", parts.get("kind").asText(), parts.toString());

      // The connection goes on.
      socket
          .sendText(
              "{\"id\": 9, \"module\": \"bank\", \"reducer\": \"deposit\", \"args\": [3, 1]}", true)
          .get(10, TimeUnit.SECONDS);
      var next = NodeProcess.next(answers);
      assertEquals(9, next.get("id").asLong(), next.toString());
      assertTrue(next.get("tx").asLong() > 0, next.toString());
    } finally {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
  }

  @Test
  void shouldDescribeItsClusterOfOneWithTheModulesItRuns() {
    var cluster = node.get("/v1/cluster");
    assertEquals(200, cluster.statusCode(), cluster.body());
    var info = json(cluster);
    assertEquals("node-1", info.get("node").asText(), info.toString());
    assertEquals(1, info.get("members").size(), info.toString());
    var self = info.get("members").get(0);
    assertEquals(info.get("address").asText(), self.get("address").asText());
    assertEquals("up", self.get("status").asText());
    assertTrue(self.get("up").asBoolean() && self.get("reachable").asBoolean(), self.toString());
    var modules = new ArrayList<String>();
    info.get("modules").forEach(m -> modules.add(m.asText()));
    assertTrue(modules.contains("bank"), info.toString());
    assertEquals(modules.size(), info.get("moduleCount").asInt(), info.toString());
  }

  @Test
  void shouldAnswerHealthWithoutAToken() {
    var health = node.send(node.request("/health").GET().build());
    assertEquals(200, health.statusCode(), health.body());
    assertEquals("serving", json(health).get("status").asText());
  }

  private String balances() {
    var rows = node.send(node.request(BANK + "/tables/accounts").GET().build());
    assertEquals(200, rows.statusCode(), rows.body());
    return json(rows).get("rows").toString();
  }

  static void assertError(HttpResponse<String> response, int status, String kind) {
    assertEquals(status, response.statusCode(), response.body());
    assertTrue(
        response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
        response.headers().toString());
    var body = json(response);
    assertEquals(kind, body.get("kind").asText(), response.body());
    assertTrue(!body.get("error").asText().isBlank(), response.body());
  }
}
