package io.interstice.tests.http;

import static io.interstice.tests.http.NodeProcess.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that retries a call with the same {@code Idempotency-Key} — after a timeout, say — gets
 * the first call's answer, and the call runs once: on the same node, over the WebSocket call
 * channel, and after the node was killed with {@code kill -9} between the tries.
 */
class IdempotentHttpCallsTest {
  private static final String BANK = "/v1/modules/bank";

  @TempDir Path dir;

  @Test
  void shouldRunAKeyedTransferOnceAcrossRetriesAndAKillNine() throws Exception {
    var data = dir.resolve("data");
    long firstTx;
    try (var node = NodeProcess.start(data, dir.resolve("first.stderr"))) {
      node.deployBank(100, "alice");
      assertEquals(200, node.postJson(BANK + "/reducers/open", "[\"bob\", 0]").statusCode());

      var first = transfer(node, "transfer-42", "[1, 2, 30]");
      assertEquals(200, first.statusCode(), first.body());
      firstTx = json(first).get("tx").asLong();
      var retried = transfer(node, "transfer-42", "[1, 2, 30]");
      assertEquals(200, retried.statusCode(), retried.body());
      assertEquals(firstTx, json(retried).get("tx").asLong(), "the retry gets the first answer");
      assertEquals(30, balance(node, 2));

      node.jvm().kill(Duration.ofSeconds(10));
    }

    try (var node = NodeProcess.start(data, dir.resolve("second.stderr"))) {
      var afterKill = transfer(node, "transfer-42", "[1, 2, 30]");
      assertEquals(200, afterKill.statusCode(), afterKill.body());
      assertEquals(firstTx, json(afterKill).get("tx").asLong(), "remembered in the log");
      assertEquals(30, balance(node, 2));

      var another = transfer(node, "transfer-43", "[1, 2, 30]");
      assertEquals(200, another.statusCode(), another.body());
      assertNotEquals(firstTx, json(another).get("tx").asLong());
      assertEquals(60, balance(node, 2));

      var changed = transfer(node, "transfer-42", "[1, 2, 31]");
      assertEquals(400, changed.statusCode(), changed.body());
      assertEquals("BAD_ARGUMENTS", json(changed).get("kind").asText());
      assertEquals(60, balance(node, 2));

      var calls = new LinkedBlockingQueue<String>();
      var socket = node.socket("/v1/calls", calls);
      String frame =
          "{\"id\": %d, \"module\": \"bank\", \"reducer\": \"transfer\", \"args\": [1, 2, 5],"
              + " \"idempotencyKey\": \"socket-1\"}";
      socket.sendText(String.format(frame, 1), true).join();
      var answer = NodeProcess.next(calls);
      socket.sendText(String.format(frame, 2), true).join();
      var again = NodeProcess.next(calls);
      assertEquals(answer.get("tx").asLong(), again.get("tx").asLong(), again.toString());
      assertEquals(65, balance(node, 2));
      socket
          .sendText(
              "{\"id\": 3, \"module\": \"bank\", \"reducer\": \"transfer\", \"args\": [1, 2, 5],"
                  + " \"idempotencyKey\": 7}",
              true)
          .join();
      assertEquals("BAD_ARGUMENTS", NodeProcess.next(calls).get("kind").asText());
      assertEquals(65, balance(node, 2));
    }
  }

  private static HttpResponse<String> transfer(NodeProcess node, String key, String args) {
    return node.send(
        node.request(BANK + "/reducers/transfer")
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", key)
            .POST(HttpRequest.BodyPublishers.ofString(args, StandardCharsets.UTF_8))
            .build());
  }

  private static long balance(NodeProcess node, long account) {
    var answer = node.postJson(BANK + "/queries/balance", "[" + account + "]");
    assertEquals(200, answer.statusCode(), answer.body());
    return json(answer).get("result").asLong();
  }
}
