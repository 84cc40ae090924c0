package io.interstice.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.interstice.client.ErrorKind;
import io.interstice.client.IntersticeClientException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The HTTP side of a client: requests with the token and timeouts, retries, and answers read as
 * JSON or turned into {@link IntersticeClientException}s. Every request it sends is safe to repeat
 * (reads, deploys, which confirm identical code, and reducer calls, which carry an idempotency
 * key), so each is retried the same way: after a lost connection ({@link IOException}) or a 503, up
 * to {@link Settings#maxAttempts} times in all, waiting {@link Settings#retryBackoff} doubled after
 * each attempt (or the node's {@code Retry-After}), at most {@link #MAX_BACKOFF}.
 *
 * <p>Thread-safe: immutable, over a thread-safe {@link HttpClient}.
 */
public final class Transport {
  /** Reads answers; ignores fields this client does not know, so newer nodes stay readable. */
  public static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
  private static final String APPLICATION_JSON = "application/json";

  private final Settings settings;
  private final HttpClient http;

  public Transport(Settings settings) {
    this.settings = settings;
    this.http =
        HttpClient.newBuilder()
            // The node speaks HTTP/1.1; asking for h2c costs every request an upgrade attempt.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.connectTimeout())
            .build();
  }

  public Settings settings() {
    return settings;
  }

  HttpClient http() {
    return http;
  }

  /** {@code GET path}, answered with JSON. */
  public JsonNode get(String path) {
    return send(path, () -> request(path).GET().build());
  }

  /** {@code POST path} with a JSON body and extra headers, answered with JSON. */
  public JsonNode postJson(String path, JsonNode body, Map<String, String> headers) {
    return post(path, APPLICATION_JSON, write(body), headers);
  }

  /** {@code POST path} with a body of {@code contentType}, answered with JSON. */
  public JsonNode post(String path, String contentType, byte[] body, Map<String, String> headers) {
    return send(
        path,
        () -> {
          var builder = request(path).header("Content-Type", contentType);
          headers.forEach(builder::header);
          return builder.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        });
  }

  /** A request for {@code path} (which starts with a slash) with the token and timeout. */
  HttpRequest.Builder request(String path) {
    var builder = HttpRequest.newBuilder(uri(path)).timeout(settings.requestTimeout());
    if (settings.token() != null) {
      builder.header("Authorization", "Bearer " + settings.token());
    }
    return builder;
  }

  URI uri(String path) {
    return URI.create(settings.url() + path);
  }

  /** The {@code ws:} (or {@code wss:}) address of {@code path}. */
  URI webSocketUri(String path) {
    var base = settings.url().toString().replaceFirst("^http", "ws");
    return URI.create(base + path);
  }

  /** One path segment, percent-encoded. */
  public static String segment(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** One query parameter value, percent-encoded. */
  public static String parameter(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private JsonNode send(String path, java.util.function.Supplier<HttpRequest> request) {
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> response;
      try {
        response = http.send(request.get(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        if (attempt >= settings.maxAttempts()) {
          throw unreachable(path, e, attempt);
        }
        pause(backoff(attempt, null));
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IntersticeClientException(
            ErrorKind.CONNECTION, "interrupted while waiting for " + uri(path), e);
      }
      if (response.statusCode() == 503 && attempt < settings.maxAttempts()) {
        pause(backoff(attempt, response.headers().firstValue("Retry-After").orElse(null)));
        continue;
      }
      return answer(response);
    }
  }

  /** The JSON of a 2xx answer; the error it names otherwise. */
  JsonNode answer(HttpResponse<String> response) {
    int status = response.statusCode();
    if (status / 100 != 2) {
      throw failure(status, response.body());
    }
    try {
      return JSON.readTree(response.body());
    } catch (JsonProcessingException e) {
      throw new IntersticeClientException(
          ErrorKind.PROTOCOL,
          "answer from " + response.uri() + " is not JSON: " + cut(response.body()),
          e);
    }
  }

  /** The exception of an error answer: {@code {"error", "kind"}}, or what its status says. */
  public static IntersticeClientException failure(int status, String body) {
    try {
      var error = JSON.readTree(body);
      if (error != null && error.path("kind").isTextual() && error.path("error").isTextual()) {
        return new IntersticeClientException(
            error.get("kind").textValue(), status, error.get("error").textValue());
      }
    } catch (JsonProcessingException e) {
      // Not one of the node's error bodies (a proxy's page, say): the status tells what it can.
    }
    return new IntersticeClientException(
        ErrorKind.ofStatus(status).name(), status, "HTTP " + status + ": " + cut(body));
  }

  IntersticeClientException unreachable(String path, IOException e, int attempts) {
    var tries = attempts == 1 ? "" : " (" + attempts + " attempts)";
    if (e instanceof HttpTimeoutException && !(e instanceof HttpConnectTimeoutException)) {
      return new IntersticeClientException(
          ErrorKind.TIMEOUT,
          "no answer from "
              + uri(path)
              + " within "
              + settings.requestTimeout().toSeconds()
              + " s"
              + tries
              + "; a reducer call may still commit",
          e);
    }
    return new IntersticeClientException(
        ErrorKind.CONNECTION, "cannot reach " + settings.url() + ": " + reason(e) + tries, e);
  }

  /** Why a connection failed, in words: the JDK leaves many of these messages empty. */
  static String reason(Throwable e) {
    if (e instanceof ConnectException) {
      return "connection refused (is a node running there?)";
    }
    if (e instanceof HttpConnectTimeoutException) {
      return "no connection within the connect timeout";
    }
    for (var cause = e; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
        return cause.getMessage();
      }
    }
    return e.getClass().getSimpleName();
  }

  Duration backoff(int attempt, String retryAfter) {
    var wait = settings.retryBackoff().multipliedBy(1L << Math.min(attempt - 1, 16));
    if (retryAfter != null) {
      try {
        wait = Duration.ofSeconds(Long.parseLong(retryAfter.strip()));
      } catch (NumberFormatException e) {
        // An HTTP date, which nodes never send: keep the client's own backoff.
      }
    }
    return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
  }

  private static void pause(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IntersticeClientException(ErrorKind.CONNECTION, "interrupted before a retry", e);
    }
  }

  public static byte[] write(JsonNode body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
    }
  }

  static String cut(String text) {
    if (text == null) {
      return "";
    }
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }
}
