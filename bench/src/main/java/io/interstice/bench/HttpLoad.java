package io.interstice.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.interstice.runtime.CallFailedException;
import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.TxReceipt;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;

/**
 * The load process of {@link HttpBench}: a JVM apart from the node's that sends the bank transfers
 * over the node's HTTP API, first as HTTP/1.1 requests, then over the WebSocket call channel, and
 * prints each row's result as one line {@code RESULT {json}} ({@link HttpBenchResult#json()}) on
 * standard output. Its latencies run from its own send to its reading of the answer.
 *
 * <pre>
 * java -cp ... io.interstice.bench.HttpLoad http://127.0.0.1:PORT [HttpBench's options]
 * </pre>
 */
public final class HttpLoad {
  /** The prefix of a result line. */
  static final String RESULT = "RESULT";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private HttpLoad() {}

  public static void main(String[] args) throws Exception {
    var url = args[0];
    var settings = HttpBenchSettings.parse(Arrays.copyOfRange(args, 1, args.length));
    var transfer = settings.transfer();
    var draws =
        new TransferDraws(transfer, new ZipfSampler(transfer.accounts(), transfer.zipfExponent()));
    var callbacks = ClosedLoop.callbackThreads(transfer.callerThreads());
    try {
      if (settings.rows().contains(HttpBenchResult.HTTP)) {
        httpRow(url, settings, draws, callbacks);
      }
      for (boolean batched : new boolean[] {false, true}) {
        var name = batched ? HttpBenchResult.WEBSOCKET_BATCHED : HttpBenchResult.WEBSOCKET;
        if (!settings.rows().contains(name)) {
          continue;
        }
        try (var calls =
            WebSocketCalls.open(
                client(),
                url,
                settings.wsConnections(),
                settings.wsCallsPerConnection(),
                batched,
                draws)) {
          row(name, settings.wsConnections(), calls, settings.wsInFlight(), transfer, callbacks);
        }
      }
    } finally {
      if (callbacks != null) {
        callbacks.shutdown();
      }
    }
    // The JDK's HTTP client has no close in Java 17: do not wait for its threads.
    System.exit(0);
  }

  /** The HTTP/1.1 row, over the client {@code --http-client} names. */
  private static void httpRow(
      String url, HttpBenchSettings settings, TransferDraws draws, ExecutorService callbacks)
      throws InterruptedException {
    int connections = settings.httpConnections();
    var transfer = settings.transfer();
    if (settings.httpClient().equals("jdk")) {
      var calls = new HttpReducerCalls(client(), url, draws);
      row(HttpBenchResult.HTTP, connections, calls, connections, transfer, callbacks);
      return;
    }
    try (var calls = new SocketReducerCalls(url, connections, draws)) {
      row(HttpBenchResult.HTTP, connections, calls, connections, transfer, callbacks);
    }
  }

  /** A client of its own per row, speaking HTTP/1.1 (the WebSocket upgrade needs it too). */
  private static HttpClient client() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT)
        .build();
  }

  /** Runs one row's warm-up and measurement and prints its result line. */
  private static void row(
      String row,
      int connections,
      ClosedLoop.Workload calls,
      int inFlight,
      TransferSettings transfer,
      ExecutorService callbacks)
      throws InterruptedException {
    var counted =
        ClosedLoop.timed(
            calls, inFlight, transfer.seed(), callbacks, transfer.warmup(), transfer.measure());
    var result = HttpBenchResult.of(row, connections, inFlight, counted);
    System.out.println(RESULT + " " + ReportJson.line(result.json()));
    System.out.flush();
  }

  static JsonNode parse(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The receipt of an answer to {@code POST .../reducers/...}, or its error as an exception. */
  static TxReceipt receipt(int status, String body) {
    if (status != 200 && !body.startsWith("{")) {
      throw new CallFailedException(ErrorKind.INTERNAL, "HTTP " + status + ": " + body);
    }
    return receipt(parse(body));
  }

  /**
   * The receipt of an answer (HTTP body or call-channel frame): {@code {"tx": 12, ...}}, or {@code
   * {"error": "...", "kind": "REDUCER_FAILED"}} thrown as the node's own exception would be.
   */
  static TxReceipt receipt(JsonNode answer) {
    if (answer.has("error")) {
      throw new CallFailedException(kindOf(answer), answer.path("error").asText());
    }
    return new TxReceipt(TransferLoad.MODULE, "transfer", answer.path("tx").asLong(), null);
  }

  private static ErrorKind kindOf(JsonNode answer) {
    try {
      return ErrorKind.valueOf(answer.path("kind").asText());
    } catch (IllegalArgumentException e) {
      return ErrorKind.INTERNAL;
    }
  }
}
