package io.interstice.runtime.module.outbox;

import io.interstice.runtime.module.code.LogCode;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A message a transaction leaves for another module (or its own), recorded in the producing {@code
 * TxCommitted} and delivered only after that transaction is durable: a reducer call made with
 * {@code ctx.call}, or a subscription's delivery of a changed row.
 *
 * <p>{@code seq} numbers the entries from this module to {@code target} 1, 2, 3, … without gaps;
 * the target consumes them in that order and remembers the last one, so a resent entry is
 * recognised and dropped. {@code args} is the JSON array of the reducer's arguments (UTF-8), which
 * the target checks against its own reducer's parameters. {@code depth} counts the subscriptions
 * and calls that led to this entry, bounding cycles.
 */
public record OutboxEntry(
    String target, long seq, Kind kind, String reducer, byte[] args, int depth, String cause) {

  /** What the entry is; the codes are part of the event format. */
  public enum Kind implements LogCode {
    /** A reducer call made with {@code ctx.call}: the target reducer must be public. */
    CALL(1),
    /** A subscription's delivery of a row change: the target reducer subscribed to it. */
    EVENT(2);

    private final int code;

    Kind(int code) {
      this.code = code;
    }

    @Override
    public int code() {
      return code;
    }
  }

  public OutboxEntry {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reducer, "reducer");
    Objects.requireNonNull(args, "args");
    Objects.requireNonNull(cause, "cause");
    if (seq < 1) {
      throw new IllegalArgumentException("outbox sequence numbers start at 1: " + seq);
    }
  }

  /** The arguments as JSON text. */
  public String argsJson() {
    return new String(args, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "OutboxEntry["
        + target
        + " #"
        + seq
        + " "
        + reducer
        + argsJson()
        + " from "
        + cause
        + "]";
  }
}
