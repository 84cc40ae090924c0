package io.interstice.runtime.http;

import io.interstice.runtime.ErrorKind;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Lets a request through to the routes behind it only with the node's token: in the {@code
 * Authorization} header, or, for a WebSocket upgrade only, as the subprotocol {@code
 * bearer.<base64url>} (all a browser can send there). Every refusal is a 401 {@code UNAUTHORIZED}
 * with {@code WWW-Authenticate: Bearer}. Immutable, thread-safe.
 */
final class TokenGate extends AllDirectives {
  private final BearerToken token;
  private final Duration retryAfter;

  /** A gate for {@code token}, or one that lets everything through when it is null. */
  TokenGate(BearerToken token, Duration retryAfter) {
    this.token = token;
    this.retryAfter = retryAfter;
  }

  /** {@code inner} when the request carries the token (or none is configured), else a 401. */
  Route authorized(Supplier<Route> inner) {
    if (token == null) {
      return inner.get();
    }
    return optionalHeaderValueByName(
        "Authorization",
        header -> {
          if (header.isPresent() && token.matches(header.get())) {
            return inner.get();
          }
          if (header.isEmpty()) {
            return webSocketToken(inner);
          }
          return unauthorized("wrong token in the Authorization header");
        });
  }

  /**
   * A WebSocket upgrade may carry the token as the subprotocol {@code bearer.<base64url>}, the only
   * way a browser can send it there; any other request needs the Authorization header.
   */
  private Route webSocketToken(Supplier<Route> inner) {
    return optionalHeaderValueByName(
        "Upgrade",
        upgrade ->
            optionalHeaderValueByName(
                "Sec-WebSocket-Protocol",
                offered -> {
                  var isUpgrade = upgrade.filter(u -> u.equalsIgnoreCase("websocket")).isPresent();
                  if (isUpgrade && offered.isPresent() && token.matchesProtocols(offered.get())) {
                    return inner.get();
                  }
                  var offeredToken =
                      offered.filter(o -> o.contains(BearerToken.PROTOCOL_PREFIX)).isPresent();
                  return unauthorized(
                      isUpgrade && offeredToken
                          ? "wrong token in the WebSocket subprotocol "
                              + BearerToken.PROTOCOL_PREFIX
                              + "<base64url token>"
                          : "this node requires the header Authorization: Bearer <token>");
                }));
  }

  private Route unauthorized(String message) {
    return complete(
        ApiErrors.response(ErrorKind.UNAUTHORIZED, message, retryAfter)
            .addHeader(
                org.apache.pekko.http.javadsl.model.headers.RawHeader.create(
                    "WWW-Authenticate", "Bearer")));
  }
}
