package io.interstice.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Command-line settings of {@link HttpBench} (and of the {@link HttpLoad} process it starts), each
 * {@code --name=value}, plus the flag {@code --quick}.
 *
 * @param transfer the bank load, parsed by {@link TransferSettings} from the options it shares with
 *     TransferBench: {@code --warmup-seconds} (5, or 2 with {@code --quick}), {@code
 *     --measure-seconds} (10, or 4 with {@code --quick}), {@code --accounts}, {@code
 *     --initial-balance}, {@code --max-amount}, {@code --zipf-exponent}, {@code --seed}, {@code
 *     --caller-threads}, {@code --data-dir} (default bench/target/bench-data/http) and {@code
 *     --out}
 * @param callers closed-loop callers of the in-process row ({@code --callers}, default 1000)
 * @param httpConnections keep-alive HTTP/1.1 connections, one closed-loop caller each ({@code
 *     --http-connections}, default 64)
 * @param wsConnections WebSocket connections to {@code /v1/calls} ({@code --ws-connections},
 *     default 4)
 * @param wsCallsPerConnection calls in flight on each WebSocket connection, at most the node's
 *     {@code interstice.http.websocket.max-calls-in-flight} ({@code --ws-calls-per-connection},
 *     default 250)
 * @param httpClient the client of the HTTP row ({@code --http-client}): {@code socket} (default,
 *     {@link SocketReducerCalls}, a blocking socket per connection) or {@code jdk} ({@link
 *     HttpReducerCalls}, {@code java.net.http.HttpClient}, which costs the load process about a
 *     millisecond of CPU per request on the benchmark machine)
 * @param rows the rows the load process runs ({@code --rows}, comma-separated, default {@code
 *     http,websocket,websocket-batched}); the in-process row always runs
 */
record HttpBenchSettings(
    TransferSettings transfer,
    int callers,
    int httpConnections,
    int wsConnections,
    int wsCallsPerConnection,
    String httpClient,
    List<String> rows) {

  /** The values {@code --http-client} takes. */
  static final Set<String> HTTP_CLIENTS = Set.of("socket", "jdk");

  /** The rows of the load process, in the order they run. */
  static final List<String> LOAD_ROWS =
      List.of(HttpBenchResult.HTTP, HttpBenchResult.WEBSOCKET, HttpBenchResult.WEBSOCKET_BATCHED);

  /** The options that mean the same as TransferBench's and are handed to its parser. */
  private static final Set<String> TRANSFER_OPTIONS =
      Set.of(
          "warmup-seconds",
          "measure-seconds",
          "accounts",
          "initial-balance",
          "max-amount",
          "zipf-exponent",
          "seed",
          "caller-threads",
          "data-dir",
          "out");

  static HttpBenchSettings parse(String[] args) {
    var forwarded = new ArrayList<String>();
    forwarded.add("--data-dir=bench/target/bench-data/http");
    var given = new ArrayList<String>();
    int callers = 1000;
    int httpConnections = 64;
    int wsConnections = 4;
    int wsCallsPerConnection = 250;
    String httpClient = "socket";
    List<String> rows = LOAD_ROWS;
    for (var arg : args) {
      if (arg.equals("--quick")) {
        forwarded.add(1, "--warmup-seconds=2");
        forwarded.add(2, "--measure-seconds=4");
      } else {
        given.add(arg);
      }
    }
    for (var option : Options.parse(given.toArray(String[]::new))) {
      var value = option.value();
      switch (option.name()) {
        case "callers" -> callers = Integer.parseInt(value);
        case "http-connections" -> httpConnections = Integer.parseInt(value);
        case "ws-connections" -> wsConnections = Integer.parseInt(value);
        case "ws-calls-per-connection" -> wsCallsPerConnection = Integer.parseInt(value);
        case "http-client" -> httpClient = value;
        case "rows" -> rows = List.of(value.split(","));
        default -> {
          if (!TRANSFER_OPTIONS.contains(option.name())) {
            throw Options.unknown(option);
          }
          // Later options win in TransferSettings.parse: the command line over --quick.
          forwarded.add("--" + option.name() + "=" + value);
        }
      }
    }
    if (callers < 1 || httpConnections < 1 || wsConnections < 1 || wsCallsPerConnection < 1) {
      throw new IllegalArgumentException(
          "need --callers, --http-connections, --ws-connections and --ws-calls-per-connection"
              + " >= 1");
    }
    if (rows.isEmpty() || !LOAD_ROWS.containsAll(rows)) {
      throw new IllegalArgumentException("--rows lists some of " + LOAD_ROWS + ", not " + rows);
    }
    if (!HTTP_CLIENTS.contains(httpClient)) {
      throw new IllegalArgumentException("--http-client is socket or jdk, not " + httpClient);
    }
    return new HttpBenchSettings(
        TransferSettings.parse(forwarded.toArray(String[]::new)),
        callers,
        httpConnections,
        wsConnections,
        wsCallsPerConnection,
        httpClient,
        rows);
  }

  /** Calls in flight over all WebSocket connections. */
  int wsInFlight() {
    return wsConnections * wsCallsPerConnection;
  }

  /** The options that give the load process the same load as this one. */
  List<String> loadArgs() {
    return List.of(
        seconds("warmup-seconds", transfer.warmup().toMillis()),
        seconds("measure-seconds", transfer.measure().toMillis()),
        "--accounts=" + transfer.accounts(),
        "--max-amount=" + transfer.maxAmount(),
        "--zipf-exponent=" + transfer.zipfExponent(),
        "--seed=" + transfer.seed(),
        "--http-connections=" + httpConnections,
        "--ws-connections=" + wsConnections,
        "--ws-calls-per-connection=" + wsCallsPerConnection,
        "--http-client=" + httpClient,
        "--rows=" + String.join(",", rows));
  }

  private static String seconds(String name, long millis) {
    return String.format(Locale.ROOT, "--%s=%.3f", name, millis / 1000.0);
  }
}
