package io.interstice.tests.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.interstice.cli.Interstice;
import io.interstice.tests.ChildJvm;
import io.interstice.tests.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
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

/**
 * {@code interstice node} in a child JVM, as an operator runs it, and a client of its HTTP API
 * ({@link HttpClient}, as a user's program would). Waits for the node's ready line; {@link
 * #terminate} sends SIGTERM.
 *
 * <p>Not thread-safe but for {@link #send}, which any thread may call.
 */
final class NodeProcess implements AutoCloseable {
  static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ChildJvm jvm;
  private final String url;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private String token;

  private NodeProcess(ChildJvm jvm, String url) {
    this.jvm = jvm;
    this.url = url;
  }

  /** Starts a node on a free port of 127.0.0.1 and waits until it serves. */
  static NodeProcess start(Path dataDir, Path stderr, String... extraArgs)
      throws IOException, InterruptedException {
    return start(dataDir, stderr, List.of(), extraArgs);
  }

  /**
   * As {@link #start(Path, Path, String...)}, with JVM options for the node ({@code -D...}). A port
   * found free can be taken by another process before the node binds it; the node then refuses to
   * start with "address already in use", and is started again on another port, at most three times.
   */
  static NodeProcess start(Path dataDir, Path stderr, List<String> jvmOptions, String... extraArgs)
      throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      int port = FreePorts.one();
      var args = new ArrayList<>(List.of("node", "--data-dir", dataDir.toString()));
      args.addAll(List.of("--http-port", String.valueOf(port)));
      args.addAll(List.of(extraArgs));
      var jvm =
          ChildJvm.start(
              "interstice node", Interstice.class, "logback.xml", stderr, args, jvmOptions);
      if (jvm.awaitLines(line -> line.startsWith("node "), 1, START_TIMEOUT)) {
        return new NodeProcess(jvm, "http://127.0.0.1:" + port);
      }
      var why = jvm.describe("\u0000");
      jvm.kill(Duration.ofSeconds(10));
      if (attempt == 3 || !why.contains(":" + port + ": address already in use")) {
        throw new IllegalStateException("node did not start: " + why);
      }
    }
  }

  /** Runs {@code interstice <args>} in a child JVM. */
  static ChildJvm run(List<String> args, Path stderr) throws IOException {
    return ChildJvm.start("interstice node", Interstice.class, "logback.xml", stderr, args);
  }

  ChildJvm jvm() {
    return jvm;
  }

  String url() {
    return url;
  }

  /** Sends every later request with this bearer token. */
  NodeProcess withToken(String value) {
    this.token = value;
    return this;
  }

  HttpResponse<String> get(String path) {
    return send(request(path).GET().build());
  }

  HttpResponse<String> postJson(String path, String json) {
    return post(path, "application/json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  HttpResponse<String> post(String path, String contentType, byte[] body) {
    return send(
        request(path)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build());
  }

  HttpRequest.Builder request(String path) {
    var builder = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30));
    return token == null ? builder : builder.header("Authorization", "Bearer " + token);
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Opens a WebSocket on {@code path}; every text message it receives goes to {@code into}. */
  java.net.http.WebSocket socket(String path, java.util.concurrent.BlockingQueue<String> into)
      throws Exception {
    var uri = URI.create(url.replace("http:", "ws:") + path);
    var builder = client.newWebSocketBuilder();
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder
        .buildAsync(
            uri,
            new java.net.http.WebSocket.Listener() {
              private final StringBuilder text = new StringBuilder();

              @Override
              public java.util.concurrent.CompletionStage<?> onText(
                  java.net.http.WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                  into.add(text.toString());
                  text.setLength(0);
                }
                ws.request(1);
                return null;
              }
            })
        .get(30, TimeUnit.SECONDS);
  }

  /** The next message of a socket, parsed; fails after 30 s without one. */
  static JsonNode next(java.util.concurrent.BlockingQueue<String> messages)
      throws InterruptedException, IOException {
    var message = messages.poll(30, TimeUnit.SECONDS);
    if (message == null) {
      throw new AssertionError("no message within 30 s");
    }
    return JSON.readTree(message);
  }

  HttpClient client() {
    return client;
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
    }
  }

  /**
   * Sends SIGTERM and waits for the process to end; returns its exit status. Through the handle:
   * {@link Process#destroy()} also closes the stdout pipe, losing the node's last lines.
   */
  int terminate(Duration timeout) throws InterruptedException {
    jvm.process().toHandle().destroy();
    if (!jvm.process().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      jvm.kill(Duration.ofSeconds(10));
      throw new IllegalStateException("node outlived SIGTERM by " + timeout);
    }
    // The rest of stdout is read by another thread.
    jvm.awaitLines(line -> line.endsWith(" stopped"), 1, Duration.ofSeconds(5));
    return jvm.process().exitValue();
  }

  /**
   * Deploys the Java bank example and opens an account for each owner with {@code balance}, each
   * step answered 200 or the test fails.
   */
  void deployBank(long balance, String... owners) {
    deployJava(io.interstice.examples.bank.Bank.class);
    for (var owner : owners) {
      var opened =
          postJson("/v1/modules/bank/reducers/open", "[\"" + owner + "\", " + balance + "]");
      org.junit.jupiter.api.Assertions.assertEquals(200, opened.statusCode(), opened.body());
    }
  }

  /** Deploys the Java module {@code module} (on the node's class path), answered 200 or failing. */
  void deployJava(Class<?> module) {
    var deployed = postJson("/v1/modules", "{\"javaClass\": \"" + module.getName() + "\"}");
    org.junit.jupiter.api.Assertions.assertEquals(200, deployed.statusCode(), deployed.body());
  }

  static byte[] exampleWasm(String example, String file) throws IOException {
    return Files.readAllBytes(Path.of("..", "modules", "examples", example, file));
  }

  @Override
  public void close() throws InterruptedException {
    if (jvm.process().isAlive()) {
      jvm.kill(Duration.ofSeconds(10));
    }
  }
}
