package io.interstice.client.internal;

import io.interstice.client.ErrorKind;
import io.interstice.client.IntersticeClientException;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Opens the node's WebSockets with the client's token, and turns a refused handshake into the
 * node's own error. Stateless.
 */
final class Sockets {
  private Sockets() {}

  /** Opens {@code path}; fails with an {@link IntersticeClientException} when it cannot. */
  static CompletableFuture<WebSocket> open(
      Transport transport, String path, WebSocket.Listener listener) {
    var builder =
        transport
            .http()
            .newWebSocketBuilder()
            .connectTimeout(transport.settings().connectTimeout());
    var token = transport.settings().token();
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder
        .buildAsync(transport.webSocketUri(path), listener)
        .exceptionallyCompose(
            failure -> {
              var cause = unwrap(failure);
              if (cause instanceof IntersticeClientException) {
                return CompletableFuture.failedFuture(cause);
              }
              if (cause instanceof WebSocketHandshakeException) {
                return askOverHttp(transport, path, (WebSocketHandshakeException) cause);
              }
              return CompletableFuture.failedFuture(
                  cause instanceof IOException
                      ? transport.unreachable(path, (IOException) cause, 1)
                      : new IntersticeClientException(
                          ErrorKind.CONNECTION,
                          "cannot open "
                              + transport.webSocketUri(path)
                              + ": "
                              + Transport.reason(cause),
                          cause));
            });
  }

  /**
   * The JDK does not read the body of a refused handshake, which names the error: the same request
   * without the upgrade is refused the same way (a bad token, module or table) and says why.
   */
  private static CompletionStage<WebSocket> askOverHttp(
      Transport transport, String path, WebSocketHandshakeException refused) {
    int status = refused.getResponse().statusCode();
    return transport
        .http()
        .sendAsync(transport.request(path).GET().build(), HttpResponse.BodyHandlers.ofString())
        .handle(
            (response, failure) -> {
              if (failure == null && response.statusCode() / 100 != 2) {
                throw Transport.failure(response.statusCode(), response.body());
              }
              throw new IntersticeClientException(
                  ErrorKind.ofStatus(status).name(),
                  status,
                  "the node refused the WebSocket " + path + " with HTTP " + status);
            });
  }

  static Throwable unwrap(Throwable failure) {
    var cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
