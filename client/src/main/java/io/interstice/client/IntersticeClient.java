package io.interstice.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.interstice.client.internal.CallChannel;
import io.interstice.client.internal.LiveSubscription;
import io.interstice.client.internal.RowPages;
import io.interstice.client.internal.Settings;
import io.interstice.client.internal.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A client of one node's HTTP and WebSocket API (docs/http-api.md): deploy modules, describe them,
 * call reducers, run queries, read tables and follow their changes.
 *
 * <pre>{@code
 * try (var client = IntersticeClient.connect(URI.create("http://127.0.0.1:8080"))) {
 *   client.deployJava("io.interstice.examples.bank.Bank");
 *   client.call("bank", "open", "alice", 100);
 *   long balance = client.query("bank", "balance", Long.class, 1);
 * }
 * }</pre>
 *
 * Arguments are mapped to JSON by Jackson: numbers, strings, booleans, {@code null}, {@code byte[]}
 * (as base64), records and maps (as structs), or {@link JsonNode}s as they are.
 *
 * <p><b>Retries.</b> Every request is retried after a lost connection or a 503, a bounded number of
 * times with a growing pause ({@link Builder#maxAttempts}, {@link Builder#retryBackoff}). That is
 * safe for reducer calls because each carries an idempotency key, sent as the {@code
 * Idempotency-Key} header: the caller's ({@link #call(String, String, IdempotencyKey, Object...)}),
 * or one generated at random for the call, so that its retries are recognised as the same call and
 * it runs at most once. A node that does not yet honour the key runs each retry that reaches it.
 * Failures are {@link IntersticeClientException}s with the node's {@link ErrorKind}.
 *
 * <p>Thread-safe: one client can serve a whole program. {@link #close} ends its WebSockets.
 */
public final class IntersticeClient implements AutoCloseable {
  private final Transport transport;
  private final ScheduledExecutorService timer;
  private final CallChannel calls;

  private IntersticeClient(Settings settings) {
    this.transport = new Transport(settings);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              var thread = new Thread(task, "interstice-client-keep-alive");
              thread.setDaemon(true);
              return thread;
            });
    this.calls = new CallChannel(transport, timer);
  }

  /** A client of the node at {@code url} (such as {@code http://127.0.0.1:8080}), with defaults. */
  public static IntersticeClient connect(URI url) {
    return builder(url).build();
  }

  /** A builder of a client of the node at {@code url}: token, timeouts, retries. */
  public static Builder builder(URI url) {
    return new Builder(url);
  }

  /** The node's base URL. */
  public URI url() {
    return transport.settings().url();
  }

  // ---- the node -----------------------------------------------------------------------------

  /**
   * The node's health ({@code GET /health}, which needs no token): {@code serving} once it serves
   * calls.
   *
   * @throws IntersticeClientException {@link ErrorKind#UNAVAILABLE} while it starts or stops,
   *     {@link ErrorKind#CONNECTION} when nothing answers
   */
  public String health() {
    return transport.get("/health").path("status").asText();
  }

  /**
   * Records the node's reducer trace for {@code seconds} (1 to 60) and returns it as Chrome
   * trace-event JSON (open it in Perfetto); answers after those seconds.
   */
  public JsonNode trace(int seconds) {
    return transport.postJson(
        "/v1/trace?seconds=" + seconds, Transport.JSON.createObjectNode(), Map.of());
  }

  /** The node's view of its cluster: who it is, the members, the modules running on it. */
  public ClusterStatus cluster() {
    var json = transport.get("/v1/cluster");
    try {
      return Transport.JSON.treeToValue(json, ClusterStatus.class);
    } catch (JsonProcessingException e) {
      throw new IntersticeClientException(ErrorKind.PROTOCOL, "not a cluster status: " + json, e);
    }
  }

  // ---- modules ------------------------------------------------------------------------------

  /** Deploys the WebAssembly module in {@code wasmFile}, or upgrades the module of its name. */
  public ModuleDescription deploy(Path wasmFile) {
    try {
      return deploy(Files.readAllBytes(wasmFile));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + wasmFile + ": " + e.getMessage(), e);
    }
  }

  /** Deploys a WebAssembly module from its bytes, or upgrades the module of its name. */
  public ModuleDescription deploy(byte[] wasm) {
    return description(transport.post("/v1/modules", "application/wasm", wasm, Map.of()));
  }

  /** Deploys the Java module {@code className}, a class on the node's class path. */
  public ModuleDescription deployJava(String className) {
    var body = Transport.JSON.createObjectNode().put("javaClass", className);
    return description(transport.postJson("/v1/modules", body, Map.of()));
  }

  /** Every module deployed on the node. */
  public List<ModuleDescription> modules() {
    var modules = new ArrayList<ModuleDescription>();
    transport.get("/v1/modules").path("modules").forEach(m -> modules.add(description(m)));
    return modules;
  }

  public ModuleDescription describe(String module) {
    return description(transport.get(modulePath(module)));
  }

  // ---- calls and queries --------------------------------------------------------------------

  /**
   * Calls a reducer and waits until its transaction is durable. Retried as the class says, with a
   * random idempotency key generated for this call.
   */
  public CallResult call(String module, String reducer, Object... args) {
    return call(module, reducer, IdempotencyKey.random(), args);
  }

  /**
   * Calls a reducer with the caller's idempotency key: a call repeated with the same key (by this
   * client's retries, or by the caller after a failure with an unknown outcome) runs at most once.
   */
  public CallResult call(String module, String reducer, IdempotencyKey key, Object... args) {
    var answer =
        transport.postJson(
            modulePath(module) + "/reducers/" + Transport.segment(reducer),
            arguments(args),
            Map.of("Idempotency-Key", key.value()));
    return new CallResult(answer.path("tx").asLong(), answer.path("result"));
  }

  /**
   * Calls a reducer over the node's WebSocket call channel, where many calls are in flight at once;
   * the future completes when the transaction is durable, or fails with an {@link
   * IntersticeClientException}. Not retried: a call that fails with {@link ErrorKind#CONNECTION} or
   * {@link ErrorKind#TIMEOUT} may have committed; repeat it with the same key to be sure it ran
   * once.
   */
  public CompletableFuture<CallResult> callAsync(String module, String reducer, Object... args) {
    return callAsync(module, reducer, IdempotencyKey.random(), args);
  }

  /** {@link #callAsync(String, String, Object...)} with the caller's idempotency key. */
  public CompletableFuture<CallResult> callAsync(
      String module, String reducer, IdempotencyKey key, Object... args) {
    ArrayNode json;
    try {
      json = arguments(args);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    return calls.call(module, reducer, json, key);
  }

  /** Runs a query on the module's committed state; its result as JSON. */
  public JsonNode query(String module, String query, Object... args) {
    var path = modulePath(module) + "/queries/" + Transport.segment(query);
    return transport.postJson(path, arguments(args), Map.of()).path("result");
  }

  /** Runs a query; its result mapped to {@code type} by Jackson ({@code null} for none). */
  public <T> T query(String module, String query, Class<T> type, Object... args) {
    var result = query(module, query, args);
    try {
      return result.isNull() ? null : Transport.JSON.treeToValue(result, type);
    } catch (JsonProcessingException e) {
      throw new IntersticeClientException(
          ErrorKind.PROTOCOL,
          "result of " + module + "." + query + " is not a " + type.getName() + ": " + result,
          e);
    }
  }

  // ---- tables -------------------------------------------------------------------------------

  /**
   * Every row of a public table in primary-key order, each an object of its columns, fetched a page
   * ({@link Builder#rowPageSize}) at a time as the stream is read.
   */
  public Stream<JsonNode> rows(String module, String table) {
    int limit = transport.settings().rowPageSize();
    var pages = new RowPages(after -> page(module, table, limit, after));
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  /** {@link #rows(String, String)}, each row mapped to {@code type} by Jackson. */
  public <T> Stream<T> rows(String module, String table, Class<T> type) {
    return rows(module, table)
        .map(
            row -> {
              try {
                return Transport.JSON.treeToValue(row, type);
              } catch (JsonProcessingException e) {
                throw new IntersticeClientException(
                    ErrorKind.PROTOCOL, "row of " + table + " is not a " + type.getName(), e);
              }
            });
  }

  /** One page of at most {@code limit} rows after the key {@code after} (null: from the start). */
  public RowPage page(String module, String table, int limit, JsonNode after) {
    var path = new StringBuilder(modulePath(module)).append("/tables/");
    path.append(Transport.segment(table)).append("?limit=").append(limit);
    if (after != null) {
      path.append("&after=").append(Transport.parameter(after.toString()));
    }
    var answer = transport.get(path.toString());
    var rows = new ArrayList<JsonNode>();
    answer.path("rows").forEach(rows::add);
    var next = answer.path("next");
    return new RowPage(rows, next.isMissingNode() || next.isNull() ? null : next);
  }

  /**
   * Follows {@code tables} of {@code module}: the listener hears their current rows, then each
   * durable transaction that changes them. Returns once the node accepted the subscription; fails
   * at once for an unknown module or table.
   */
  public Subscription subscribe(String module, Set<String> tables, Subscription.Listener listener) {
    return LiveSubscription.open(transport, timer, module, tables, listener);
  }

  /** Ends the call channel (calls in flight fail) and stops the keep-alive pings. */
  @Override
  public void close() {
    calls.close();
    timer.shutdownNow();
  }

  // ---- plumbing -----------------------------------------------------------------------------

  private static String modulePath(String module) {
    return "/v1/modules/" + Transport.segment(module);
  }

  private static ArrayNode arguments(Object... args) {
    var array = Transport.JSON.createArrayNode();
    if (args == null) {
      return array.addNull(); // call(m, r, (Object[]) null): the one argument null
    }
    for (var arg : args) {
      try {
        array.add(Transport.JSON.valueToTree(arg));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("argument " + arg + " cannot be written as JSON", e);
      }
    }
    return array;
  }

  private static ModuleDescription description(JsonNode json) {
    try {
      return Transport.JSON.treeToValue(json, ModuleDescription.class);
    } catch (JsonProcessingException e) {
      throw new IntersticeClientException(
          ErrorKind.PROTOCOL, "not a module description: " + json, e);
    }
  }

  /** Builds a client; every setting has a default fit for a node on the same machine. */
  public static final class Builder {
    private final URI url;
    private String token;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(75);
    private int maxAttempts = 3;
    private Duration retryBackoff = Duration.ofMillis(200);
    private int rowPageSize = 100;
    private Duration keepAlive = Duration.ofSeconds(20);

    private Builder(URI url) {
      Objects.requireNonNull(url, "url");
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
        throw new IllegalArgumentException("a node's URL is http://host:port, not " + url);
      }
      this.url = URI.create(url.toString().replaceAll("/+$", ""));
    }

    /** Sends {@code Authorization: Bearer <token>} (the node's {@code --token}); null for none. */
    public Builder token(String token) {
      this.token = token;
      return this;
    }

    /** How long to wait for a connection (default 5 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /**
     * How long to wait for an answer (default 75 s: above the node's own request timeout, 65 s, so
     * the node says what happened first).
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "requestTimeout");
      return this;
    }

    /** Attempts per request in all, the first included (default 3; 1 never retries). */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, not " + attempts);
      }
      this.maxAttempts = attempts;
      return this;
    }

    /** The pause before the first retry, doubled before each next one (default 200 ms). */
    public Builder retryBackoff(Duration backoff) {
      this.retryBackoff = Objects.requireNonNull(backoff, "retryBackoff");
      return this;
    }

    /** Rows per page that {@link #rows} asks for (default 100; a node allows up to 1,000). */
    public Builder rowPageSize(int rows) {
      if (rows < 1) {
        throw new IllegalArgumentException("rowPageSize must be at least 1, not " + rows);
      }
      this.rowPageSize = rows;
      return this;
    }

    /**
     * How often a quiet WebSocket pings the node, so its idle timeout (60 s by default) does not
     * close it (default 20 s; zero never pings).
     */
    public Builder keepAlive(Duration every) {
      this.keepAlive = Objects.requireNonNull(every, "keepAlive");
      return this;
    }

    public IntersticeClient build() {
      return new IntersticeClient(
          new Settings(
              url,
              token,
              connectTimeout,
              requestTimeout,
              maxAttempts,
              retryBackoff,
              rowPageSize,
              keepAlive));
    }

    private static Duration positive(Duration duration, String name) {
      if (duration == null || duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, not " + duration);
      }
      return duration;
    }
  }
}
