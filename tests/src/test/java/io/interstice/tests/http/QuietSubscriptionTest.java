package io.interstice.tests.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live subscription to a module that commits nothing for longer than the node's idle timeout is
 * not idle: the node pings it, and it still gets the next commit.
 */
class QuietSubscriptionTest {
  @TempDir Path dir;

  @Test
  void shouldKeepAQuietSubscriptionOpenPastTheIdleTimeout() throws Exception {
    var config = dir.resolve("node.conf");
    Files.writeString(config, "interstice.http.idle-timeout = 2s\n");
    try (var node =
        NodeProcess.start(
            dir.resolve("data"), dir.resolve("node.stderr"), "--config", config.toString())) {
      var bank = "/v1/modules/bank";
      node.deployBank(10, "alice");
      var messages = new LinkedBlockingQueue<String>();
      node.socket(bank + "/subscribe?tables=accounts", messages);
      assertEquals("rows", NodeProcess.next(messages).get("type").asText());

      Thread.sleep(5_000); // more than twice the idle timeout without a commit

      assertEquals(200, node.postJson(bank + "/reducers/open", "[\"bob\", 5]").statusCode());
      var commit = NodeProcess.next(messages);
      assertEquals("commit", commit.get("type").asText(), commit.toString());
    }
  }
}
