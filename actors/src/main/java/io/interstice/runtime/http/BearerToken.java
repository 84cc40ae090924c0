package io.interstice.runtime.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The token every route but {@code /health} requires when one is configured. Checks an {@code
 * Authorization} header in time that does not depend on how much of it is right: both sides are
 * hashed to equal length and compared with {@link MessageDigest#isEqual}. Immutable, thread-safe.
 */
final class BearerToken {
  private static final String SCHEME = "Bearer ";

  private final byte[] expected;

  BearerToken(String token) {
    this.expected = sha256(token);
  }

  /** True when {@code header} is {@code Bearer <the token>}. */
  boolean matches(String header) {
    var given =
        header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
            ? header.substring(SCHEME.length()).trim()
            : "";
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
