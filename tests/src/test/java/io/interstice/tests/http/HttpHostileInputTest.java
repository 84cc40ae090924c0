package io.interstice.tests.http;

import static io.interstice.tests.http.NodeProcess.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an attacker or a broken client can send a node over HTTP: a 100 MiB body, a thousand idle
 * connections, and thousands of seeded random mutations of valid requests. Each is answered with a
 * JSON error (never a 5xx), changes nothing it should not, and the node goes on serving.
 */
class HttpHostileInputTest {
  private static final String BANK = "/v1/modules/bank";
  private static final long SEED = 0x1D3E_2026L;
  private static final int FUZZ_CASES = 2_500;

  @TempDir static Path dir;
  private static NodeProcess node;

  @BeforeAll
  static void startNode() throws Exception {
    node = NodeProcess.start(dir.resolve("data"), dir.resolve("node.stderr"));
    node.deployBank(100, "alice", "bob", "carol", "dave");
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.close();
  }

  @Test
  void shouldRefuseA100MibBodyWithoutReadingItAll() {
    long size = 100L << 20;
    var started = System.nanoTime();
    var request =
        node.request(BANK + "/reducers/transfer")
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(() -> spaces(size)), size))
            .build();
    HttpResponse<String> answer;
    try {
      answer = node.client().send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      // The node may close the connection while the client still writes: also a refusal.
      answer = null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (answer != null) {
      assertEquals(413, answer.statusCode(), answer.body());
      assertEquals("BODY_TOO_LARGE", json(answer).get("kind").asText());
    }
    assertTrue(
        Duration.ofNanos(System.nanoTime() - started).toSeconds() < 60,
        "refused without waiting for the whole body");
    assertEquals(400, total());
    assertEquals(200, node.get("/health").statusCode());
  }

  @Test
  void shouldGoOnServingWithAThousandIdleConnectionsOpen() throws Exception {
    var url = URI.create(node.url());
    var idle = new ArrayList<Socket>();
    try {
      for (int i = 0; i < 1_000; i++) {
        var socket = new Socket();
        socket.connect(
            new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), url.getPort()), 5_000);
        idle.add(socket);
      }
      var moved = node.postJson(BANK + "/reducers/transfer", "[1, 2, 1]");
      assertEquals(200, moved.statusCode(), moved.body());
      assertEquals(200, node.get("/health").statusCode());
    } finally {
      for (var socket : idle) {
        socket.close();
      }
    }
    assertEquals(400, total());
  }

  @Test
  void shouldAnswerThousandsOfMutatedRequestsWithJsonErrorsAndKeepItsBooks() {
    var random = new Random(SEED);
    var statuses = new TreeMap<Integer, Integer>();
    var allowed = Set.of(200, 400, 401, 404, 405, 409, 413, 415, 422);
    for (int i = 0; i < FUZZ_CASES; i++) {
      var request = mutated(random);
      var answer = node.send(request);
      statuses.merge(answer.statusCode(), 1, Integer::sum);
      assertTrue(
          allowed.contains(answer.statusCode()),
          "case " + i + " " + request + ": " + answer.statusCode() + " " + answer.body());
      if (answer.statusCode() != 200) {
        var kind = json(answer).get("kind");
        assertTrue(kind != null && kind.isTextual(), "case " + i + ": " + answer.body());
      }
    }
    assertTrue(statuses.getOrDefault(200, 0) > 0, "some mutations stay valid: " + statuses);
    assertTrue(statuses.getOrDefault(400, 0) > 0, "most do not: " + statuses);
    // Transfers and queries move money around or read it, never create it.
    assertEquals(400, total(), "after " + statuses);
    assertEquals(200, node.get("/health").statusCode());
  }

  /** A valid request of the bank, then up to three random mutations of its path, type or body. */
  private static HttpRequest mutated(Random random) {
    String path;
    String body;
    switch (random.nextInt(4)) {
      case 0:
        path = BANK + "/reducers/transfer";
        body =
            "["
                + (1 + random.nextInt(4))
                + ", "
                + (1 + random.nextInt(4))
                + ", "
                + random.nextInt(50)
                + "]";
        break;
      case 1:
        path = BANK + "/queries/balance";
        body = "[" + (1 + random.nextInt(4)) + "]";
        break;
      case 2:
        path = BANK + "/queries/account";
        body = "[\"alice\"]";
        break;
      default:
        path = BANK + "/tables/accounts?limit=2&after=1";
        body = null;
        break;
    }
    var bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
    var contentType = "application/json";
    String method = body == null ? "GET" : "POST";
    int mutations = 1 + random.nextInt(3);
    for (int m = 0; m < mutations; m++) {
      switch (random.nextInt(9)) {
        case 0:
          if (bytes != null && bytes.length > 0) {
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
          }
          break;
        case 1:
          if (bytes != null && bytes.length > 0) {
            bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
          }
          break;
        case 2:
          if (bytes != null) {
            var insert = junk(random);
            int at = random.nextInt(bytes.length + 1);
            var grown = new byte[bytes.length + insert.length];
            System.arraycopy(bytes, 0, grown, 0, at);
            System.arraycopy(insert, 0, grown, at, insert.length);
            System.arraycopy(bytes, at, grown, at + insert.length, bytes.length - at);
            bytes = grown;
          }
          break;
        case 3:
          contentType =
              List.of(
                      "text/plain",
                      "application/wasm",
                      "application/json; charset=latin1",
                      "",
                      "*/*")
                  .get(random.nextInt(5));
          break;
        case 4:
          method = List.of("GET", "POST", "PUT", "DELETE", "PATCH").get(random.nextInt(5));
          if (!method.equals("GET") && !method.equals("DELETE") && bytes == null) {
            bytes = "[]".getBytes(StandardCharsets.UTF_8);
          }
          break;
        case 5:
          path =
              path.replace(
                  "transfer", List.of("nope", "open", "", "transfer/x").get(random.nextInt(4)));
          break;
        case 6:
          path =
              path.replace(
                  "bank", List.of("nope", "BANK", "b%20ank", "bank/..").get(random.nextInt(4)));
          break;
        case 7:
          if (bytes != null) {
            var deep = "[".repeat(2_000 + random.nextInt(3_000));
            bytes = deep.getBytes(StandardCharsets.UTF_8);
          }
          break;
        default:
          if (bytes != null) {
            bytes =
                ("["
                        + List.of(
                                "1e400",
                                "-0",
                                "9223372036854775808",
                                "\"\\ud800\"",
                                "null",
                                "true",
                                "{}")
                            .get(random.nextInt(7))
                        + ", 2, 3]")
                    .getBytes(StandardCharsets.UTF_8);
          }
          break;
      }
    }
    var builder = node.request(path);
    if (!contentType.isEmpty()) {
      builder.header("Content-Type", contentType);
    }
    var publisher =
        bytes == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(bytes);
    return builder.method(method, publisher).build();
  }

  private static byte[] junk(Random random) {
    var junk = new byte[1 + random.nextInt(12)];
    random.nextBytes(junk);
    return junk;
  }

  private static long total() {
    var page = json(node.get(BANK + "/tables/accounts?limit=100"));
    long total = 0;
    for (var row : page.get("rows")) {
      total += row.get("balance").asLong();
    }
    return total;
  }

  private static InputStream spaces(long size) {
    return new InputStream() {
      private long left = size;

      @Override
      public int read() {
        if (left == 0) {
          return -1;
        }
        left--;
        return ' ';
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left == 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        java.util.Arrays.fill(b, off, off + n, (byte) ' ');
        left -= n;
        return n;
      }
    };
  }
}
