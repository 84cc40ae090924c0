package io.interstice.runtime.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.IntersticeException;
import io.interstice.runtime.ModuleInfo;
import io.interstice.runtime.metrics.NodeMetrics;
import io.interstice.runtime.module.code.Args;
import io.interstice.runtime.node.IntersticeNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.Rejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * The routes of the HTTP API (docs/http-api.md): modules, reducer calls, queries, table rows, the
 * cluster, health and metrics, each answering JSON (but metrics, in the Prometheus text format),
 * every error {@code {"error", "kind"}} with the status {@link ApiErrors#statusOf} gives its kind.
 * Thread-safe: the node is, and the rest is immutable but the health flag, which is atomic.
 */
final class ApiRoutes extends AllDirectives {
  /** Who calls reducers and queries over HTTP, as recorded in their transactions. */
  static final String CALLER = "http";

  /** The header of a call that may be retried safely. */
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  /** The WebSocket subprotocol the node selects when a client offers it (the web console does). */
  static final String WEBSOCKET_PROTOCOL = "interstice";

  private static final String WASM = "application/wasm";
  private static final ContentType METRICS_TYPE = ContentTypes.parse(NodeMetrics.CONTENT_TYPE);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final IntersticeNode node;
  private final HttpSettings settings;
  private final AtomicBoolean serving;
  private final TokenGate gate;
  private final Placements placements;
  private final ConsoleRoutes console;

  ApiRoutes(IntersticeNode node, HttpSettings settings, AtomicBoolean serving) {
    this.node = node;
    this.settings = settings;
    this.serving = serving;
    this.gate =
        new TokenGate(
            settings.requiresToken() ? new BearerToken(settings.token()) : null,
            settings.retryAfter());
    this.placements = new Placements(node, settings.requestTimeout().dividedBy(2));
    this.console = new ConsoleRoutes(ConsoleFiles.load(), settings.retryAfter());
  }

  Route route() {
    return withRequestTimeoutResponse(
        request ->
            error(
                ErrorKind.UNAVAILABLE,
                "no answer within interstice.http.request-timeout ("
                    + settings.requestTimeout().toSeconds()
                    + " s); a reducer call may still commit"),
        () ->
            handleExceptions(
                ExceptionHandler.newBuilder()
                    .matchAny(e -> complete(ApiErrors.response(e, settings.retryAfter())))
                    .build(),
                () -> handleRejections(rejections(), this::routes)));
  }

  private Route routes() {
    return concat(
        path("health", () -> get(this::health)),
        console.route(),
        gate.authorized(
            () ->
                concat(
                    path("metrics", () -> get(this::metrics)),
                    pathPrefix(
                        "v1",
                        () ->
                            concat(
                                calls(),
                                path("cluster", () -> get(this::cluster)),
                                path(
                                    segment("cluster").slash("placement"),
                                    () -> get(() -> reply(placements.read()))),
                                path("trace", () -> post(this::trace)),
                                pathPrefix("modules", this::modules))))));
  }

  private Route calls() {
    return path("calls", () -> get(() -> webSocket(CallSocket.flow(node, settings))));
  }

  private Route modules() {
    return concat(
        pathEnd(() -> concat(get(this::listModules), post(this::deploy))),
        pathPrefix(segment(), this::module));
  }

  private Route module(String module) {
    return concat(
        pathEnd(() -> get(() -> reply(node.describeAsync(module).thenApply(ApiJson::module)))),
        path(segment("reducers").slash(segment()), reducer -> post(() -> call(module, reducer))),
        path(segment("queries").slash(segment()), query -> post(() -> query(module, query))),
        path(segment("tables").slash(segment()), table -> get(() -> rows(module, table))),
        path("subscribe", () -> get(() -> subscribe(module))));
  }

  // ---- routes -----------------------------------------------------------------------------

  private Route health() {
    if (serving.get()) {
      return complete(json(StatusCodes.OK, JSON.createObjectNode().put("status", "serving")));
    }
    return complete(error(ErrorKind.UNAVAILABLE, "the node is starting or shutting down"));
  }

  /**
   * Records the reducer trace for {@code seconds} (default 5, at most {@link
   * TraceRequest#MAX_SECONDS}, under the request timeout), then answers Chrome trace-event JSON.
   */
  private Route trace() {
    return parameterOptional(
        "seconds",
        seconds -> reply(TraceRequest.record(TraceRequest.seconds(seconds.orElse(null)))));
  }

  /** This node's view of its cluster: members, and the modules it runs. */
  private Route cluster() {
    return reply(node.clusterAsync().thenApply(ApiJson::cluster));
  }

  /** The node's metrics, as Prometheus scrapes them. */
  private Route metrics() {
    return complete(
        HttpResponse.create()
            .withStatus(StatusCodes.OK)
            .withEntity(METRICS_TYPE, node.metrics().scrape()));
  }

  /**
   * A reducer call; with an {@code Idempotency-Key} header, a retry with the same key gets the
   * first call's answer and never runs again (the module remembers its recent keys in its log).
   */
  private Route call(String module, String reducer) {
    return optionalHeaderValueByName(
        IDEMPOTENCY_KEY,
        key ->
            withArgs(
                args ->
                    node.callAsync(module, reducer, args, CALLER, key.orElse(null))
                        .thenApply(ApiJson::committed)));
  }

  private Route query(String module, String query) {
    return withArgs(
        args -> node.queryAsync(module, query, args, CALLER).thenApply(ApiJson::answered));
  }

  /** Reads a JSON body as the arguments of a call or query, and answers what {@code run} does. */
  private Route withArgs(Function<Args, CompletionStage<? extends JsonNode>> run) {
    return jsonBody(text -> reply(run.apply(new Args.Json(text))));
  }

  private Route rows(String module, String table) {
    return parameterOptional(
        "limit",
        limit ->
            parameterOptional(
                "after",
                after -> {
                  int rows;
                  try {
                    rows = limit.map(Integer::parseInt).orElse(settings.defaultRowLimit());
                  } catch (NumberFormatException e) {
                    rows = -1;
                  }
                  if (rows < 1 || rows > settings.maxRowLimit()) {
                    return complete(
                        error(
                            ErrorKind.BAD_ARGUMENTS,
                            "limit must be a number from 1 to "
                                + settings.maxRowLimit()
                                + " (interstice.http.rows.max-limit), not "
                                + limit.orElse("")));
                  }
                  return reply(
                      node.rowsAsync(module, table, after.orElse(null), rows)
                          .thenApply(ApiJson::rows));
                }));
  }

  private Route subscribe(String module) {
    return parameterOptional(
        "tables",
        names -> {
          var tables = new java.util.TreeSet<String>();
          for (var name : names.orElse("").split(",", -1)) {
            if (!name.isBlank()) {
              tables.add(name.strip());
            }
          }
          if (tables.isEmpty()) {
            return complete(
                error(ErrorKind.BAD_ARGUMENTS, "name the tables to follow: ?tables=a,b"));
          }
          return onComplete(
              () -> node.describeAsync(module),
              described -> {
                if (described.isFailure()) {
                  return complete(
                      ApiErrors.response(described.failed().get(), settings.retryAfter()));
                }
                var schema = described.get().schema();
                for (var table : tables) {
                  var found = schema.table(table);
                  if (found.isEmpty()
                      || found.get().visibility() != io.interstice.sdk.schema.Visibility.PUBLIC) {
                    return complete(
                        error(
                            ErrorKind.UNKNOWN_TABLE,
                            "module " + module + " has no public table named " + table));
                  }
                }
                return webSocket(
                    LiveSocket.flow(node, module, schema, tables, settings.maxBufferedMessages()));
              });
        });
  }

  private Route listModules() {
    var names = new ArrayList<>(node.loggedModules());
    var listed = names.subList(0, Math.min(names.size(), settings.maxListedModules()));
    var described = new ArrayList<CompletableFuture<Optional<ModuleInfo>>>();
    for (var name : listed) {
      described.add(
          node.describeAsync(name)
              .handle(
                  (info, failure) -> {
                    if (failure == null) {
                      return Optional.of(info);
                    }
                    // A removed module left its log behind: it is not deployed.
                    if (IntersticeException.kindOf(unwrap(failure)) == ErrorKind.UNKNOWN_MODULE) {
                      return Optional.<ModuleInfo>empty();
                    }
                    throw new java.util.concurrent.CompletionException(failure);
                  })
              .toCompletableFuture());
    }
    var all = CompletableFuture.allOf(described.toArray(CompletableFuture[]::new));
    return reply(
        all.thenApply(
            done -> {
              var body = JSON.createObjectNode();
              var modules = body.putArray("modules");
              described.stream()
                  .map(CompletableFuture::join)
                  .flatMap(Optional::stream)
                  .forEach(info -> modules.add(ApiJson.module(info)));
              body.put("truncated", listed.size() < names.size());
              return body;
            }));
  }

  private Route deploy() {
    return extractRequest(
        request -> {
          var type = request.entity().getContentType().mediaType();
          if (type.toString().equals(WASM)) {
            return strictEntity(
                request,
                settings.maxWasmBody(),
                entity ->
                    reply(
                        node.deployWasmAsync(entity.getData().toArray())
                            .thenApply(ApiJson::module)));
          }
          if (type.equals(MediaTypes.APPLICATION_JSON)) {
            return jsonBody(this::deployClass);
          }
          return complete(
              error(
                  ErrorKind.UNSUPPORTED_MEDIA_TYPE,
                  "deploy a module with a body of type "
                      + WASM
                      + " (its bytes) or application/json ({\"javaClass\": \"...\"}), not "
                      + type));
        });
  }

  private Route deployClass(String body) {
    var parsed = parse(body);
    var javaClass = parsed.get("javaClass");
    if (!parsed.isObject() || parsed.size() != 1 || javaClass == null || !javaClass.isTextual()) {
      return complete(
          error(
              ErrorKind.BAD_ARGUMENTS,
              "deploy body must be {\"javaClass\": \"<class name>\"}, not " + cut(body)));
    }
    return reply(node.deployAsync(javaClass.textValue()).thenApply(ApiJson::module));
  }

  // ---- plumbing ---------------------------------------------------------------------------

  /**
   * Reads a JSON body (application/json, UTF-8, at most max-json-body bytes, one JSON value with
   * nothing after it) and hands its text on; anything else is answered with an error.
   */
  private Route jsonBody(Function<String, Route> inner) {
    return extractRequest(
        request -> {
          var type = request.entity().getContentType().mediaType();
          if (!type.equals(MediaTypes.APPLICATION_JSON)) {
            return complete(
                error(
                    ErrorKind.UNSUPPORTED_MEDIA_TYPE,
                    "this route reads application/json, not " + type));
          }
          return strictEntity(
              request,
              settings.maxJsonBody(),
              entity -> {
                String text;
                try {
                  text = utf8(entity);
                  parse(text);
                } catch (IntersticeException e) {
                  return complete(error(e.kind(), e.getMessage()));
                }
                return inner.apply(text);
              });
        });
  }

  /**
   * The request's whole body, at most {@code max} bytes. A body that arrived with its head is
   * already strict and is used as it is: Pekko's {@code toStrict} with a size limit would run a
   * stream (an actor of its own) for it, which cost more than the rest of a reducer call.
   */
  private Route strictEntity(
      HttpRequest request, long max, Function<HttpEntity.Strict, Route> inner) {
    if (request.entity() instanceof HttpEntity.Strict strict) {
      if (strict.getData().size() > max) {
        return complete(ApiErrors.tooLarge(max, settings.retryAfter()));
      }
      return inner.apply(strict);
    }
    return extractStrictEntity(settings.requestTimeout(), max, inner);
  }

  private static String utf8(HttpEntity.Strict entity) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(entity.getData().toArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IntersticeException(ErrorKind.BAD_ARGUMENTS, "request body is not valid UTF-8");
    }
  }

  /** " (line L, column C)", or nothing when the parser knows no place (a limit it enforces). */
  private static String where(com.fasterxml.jackson.core.JsonLocation location) {
    return location == null
        ? ""
        : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  private static JsonNode parse(String text) {
    JsonNode parsed;
    try {
      parsed = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IntersticeException(
          ErrorKind.BAD_ARGUMENTS,
          "request body is not valid JSON: "
              + withoutSource(e.getOriginalMessage())
              + where(e.getLocation()));
    }
    if (parsed == null || parsed.isMissingNode()) {
      throw new IntersticeException(ErrorKind.BAD_ARGUMENTS, "request body is empty");
    }
    return parsed;
  }

  /** The route that answers a stage: 200 with its JSON, or the error it failed with. */
  private Route reply(CompletionStage<? extends JsonNode> stage) {
    return completeWithFuture(
        stage.handle(
            (body, failure) ->
                failure == null
                    ? json(StatusCodes.OK, body)
                    : ApiErrors.response(failure, settings.retryAfter())));
  }

  /**
   * Serves a WebSocket, selecting the subprotocol {@value #WEBSOCKET_PROTOCOL} when the client
   * offered it (a browser that sent its token as a subprotocol must be answered with one).
   */
  private <T> Route webSocket(Flow<Message, Message, T> flow) {
    return extractOfferedWsProtocols(
        offered ->
            handleWebSocketMessagesForOptionalProtocol(
                flow,
                offered.contains(WEBSOCKET_PROTOCOL)
                    ? Optional.of(WEBSOCKET_PROTOCOL)
                    : Optional.empty()));
  }

  private RejectionHandler rejections() {
    return RejectionHandler.newBuilder()
        .handleAll(
            MethodRejection.class,
            rejected ->
                complete(
                    error(
                        ErrorKind.METHOD_NOT_ALLOWED,
                        "this route allows "
                            + rejected.stream()
                                .map(r -> r.supported().name())
                                .distinct()
                                .collect(Collectors.joining(", "))
                            + " only")))
        .handle(
            Rejection.class,
            rejection -> complete(error(ErrorKind.BAD_ARGUMENTS, "bad request: " + rejection)))
        .handleNotFound(
            extractUri(
                uri -> complete(error(ErrorKind.UNKNOWN_ROUTE, "no route " + cut(uri.path())))))
        .build();
  }

  private HttpResponse error(ErrorKind kind, String message) {
    return ApiErrors.response(kind, message, settings.retryAfter());
  }

  private static HttpResponse json(
      org.apache.pekko.http.javadsl.model.StatusCode status, JsonNode body) {
    try {
      return HttpResponse.create()
          .withStatus(status)
          .withEntity(ContentTypes.APPLICATION_JSON, JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an answer cannot be written as JSON", e);
    }
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }

  /** Jackson's message without the part that names its input (which it never shows). */
  private static String withoutSource(String message) {
    int source = message.indexOf(" (start marker at [Source");
    return source < 0 ? message : message.substring(0, source);
  }

  private static String cut(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }
}
