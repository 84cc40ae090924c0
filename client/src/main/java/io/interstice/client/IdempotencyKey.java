package io.interstice.client;

import java.util.Objects;
import java.util.UUID;

/**
 * The key that makes a reducer call safe to retry: a node that committed a call with this key
 * answers a retry with the same transaction instead of running it again (docs/runtime.md,
 * "Idempotent calls"). 1 to 128 printable ASCII characters; a retry must ask for the same reducer
 * and arguments.
 */
public record IdempotencyKey(String value) {
  private static final int MAX_LENGTH = 128;

  public IdempotencyKey {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty()
        || value.length() > MAX_LENGTH
        || !value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException(
          "an idempotency key is 1 to "
              + MAX_LENGTH
              + " printable ASCII characters, not \""
              + value
              + "\"");
    }
  }

  public static IdempotencyKey of(String value) {
    return new IdempotencyKey(value);
  }

  /** A fresh random key (a UUID), what {@code call} uses when its caller gives none. */
  public static IdempotencyKey random() {
    return new IdempotencyKey(UUID.randomUUID().toString());
  }

  @Override
  public String toString() {
    return value;
  }
}
