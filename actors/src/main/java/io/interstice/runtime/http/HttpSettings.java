package io.interstice.runtime.http;

import com.typesafe.config.Config;
import io.interstice.runtime.ErrorKind;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * The settings of the HTTP API, from {@code interstice.http} (every key is documented in the
 * runtime's {@code reference.conf}).
 */
public record HttpSettings(
    String bind,
    int port,
    String token,
    boolean insecure,
    long maxJsonBody,
    long maxWasmBody,
    Duration requestTimeout,
    Duration idleTimeout,
    int maxConnections,
    int defaultRowLimit,
    int maxRowLimit,
    int maxListedModules,
    Duration shutdownDeadline,
    Duration retryAfter,
    int maxBufferedMessages,
    int maxCallsInFlight) {

  public static HttpSettings fromConfig(Config config) {
    var http = config.getConfig("interstice.http");
    return new HttpSettings(
        http.getString("bind"),
        http.getInt("port"),
        http.getString("token"),
        http.getBoolean("insecure"),
        http.getBytes("max-json-body"),
        http.getBytes("max-wasm-body"),
        http.getDuration("request-timeout"),
        http.getDuration("idle-timeout"),
        http.getInt("max-connections"),
        http.getInt("rows.default-limit"),
        http.getInt("rows.max-limit"),
        http.getInt("max-listed-modules"),
        http.getDuration("shutdown-deadline"),
        http.getDuration("retry-after"),
        http.getInt("websocket.max-buffered"),
        http.getInt("websocket.max-calls-in-flight"));
  }

  /** True when a token is configured, so that every route but {@code /health} requires it. */
  public boolean requiresToken() {
    return !token.isEmpty();
  }

  /**
   * Checks that these settings can be served: a port in range, positive limits, and a token (or
   * {@code insecure}) for an address other than loopback.
   *
   * @throws HttpServerException naming the setting
   */
  public HttpSettings validate() {
    if (port < 0 || port > 65535) {
      throw new HttpServerException(
          ErrorKind.BAD_ARGUMENTS, "interstice.http.port must be 0-65535, not " + port);
    }
    if (defaultRowLimit < 1 || maxRowLimit < defaultRowLimit) {
      throw new HttpServerException(
          ErrorKind.BAD_ARGUMENTS,
          "interstice.http.rows needs 1 <= default-limit <= max-limit, not "
              + defaultRowLimit
              + " and "
              + maxRowLimit);
    }
    if (maxJsonBody < 1
        || maxWasmBody < 1
        || maxConnections < 1
        || maxBufferedMessages < 1
        || maxCallsInFlight < 1) {
      throw new HttpServerException(
          ErrorKind.BAD_ARGUMENTS,
          "interstice.http max-json-body, max-wasm-body, max-connections,"
              + " websocket.max-buffered and websocket.max-calls-in-flight must be positive");
    }
    if (!requiresToken() && !insecure && !isLoopback(bind)) {
      throw new HttpServerException(
          ErrorKind.BAD_ARGUMENTS,
          "refusing to serve "
              + bind
              + " without a token: set one (--token, INTERSTICE_TOKEN or interstice.http.token),"
              + " or accept anyone who reaches the port with --insecure");
    }
    return this;
  }

  private static boolean isLoopback(String host) {
    try {
      for (var address : InetAddress.getAllByName(host)) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      throw new HttpServerException(
          ErrorKind.BAD_ARGUMENTS, "cannot resolve the address to listen on: " + host);
    }
  }
}
