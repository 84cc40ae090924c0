package io.interstice.runtime.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The token every route but {@code /health} requires when one is configured. Checks an {@code
 * Authorization} header in time that does not depend on how much of it is right: both sides are
 * hashed to equal length and compared with {@link MessageDigest#isEqual}; a browser's WebSocket
 * carries it as a subprotocol instead ({@link #matchesProtocols}). Immutable, thread-safe.
 */
final class BearerToken {
  private static final String SCHEME = "Bearer ";

  /** The start of the WebSocket subprotocol that carries the token. */
  static final String PROTOCOL_PREFIX = "bearer.";

  private final byte[] expected;

  BearerToken(String token) {
    this.expected = sha256(token);
  }

  /**
   * True when one of the WebSocket subprotocols a browser offered ({@code Sec-WebSocket-Protocol},
   * comma-separated) is {@code bearer.<the token in unpadded base64url>}: browsers cannot set an
   * Authorization header on a WebSocket, but they can offer protocols.
   */
  boolean matchesProtocols(String offered) {
    var found = false;
    for (var protocol : offered.split(",", -1)) {
      var value = protocol.strip();
      if (value.startsWith(PROTOCOL_PREFIX)) {
        String given;
        try {
          given =
              new String(
                  Base64.getUrlDecoder().decode(value.substring(PROTOCOL_PREFIX.length())),
                  StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          given = "";
        }
        // Every offer is checked, so the time taken does not tell which one was right.
        found |= isToken(given);
      }
    }
    return found;
  }

  /** True when {@code header} is {@code Bearer <the token>}. */
  boolean matches(String header) {
    var given =
        header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
            ? header.substring(SCHEME.length()).trim()
            : "";
    return isToken(given);
  }

  /** The comparison both ways of sending the token share: hashed, in constant time, never empty. */
  private boolean isToken(String given) {
    return MessageDigest.isEqual(expected, sha256(given)) && !given.isEmpty();
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
