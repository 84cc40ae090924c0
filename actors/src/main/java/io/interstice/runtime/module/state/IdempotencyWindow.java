package io.interstice.runtime.module.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * The idempotency keys of a module's recent committed client calls, each with the transaction it
 * committed, so that a retried call with the same key is answered with that transaction instead of
 * running again (see "Idempotent calls" in {@code docs/runtime.md}).
 *
 * <p>Changed only by applying committed transactions, live or replayed, and bounded by {@link
 * Bounds} measured on transaction timestamps, never on a clock: after every transaction the window
 * keeps the {@code maxKeys} most recent keys committed less than {@code maxAge} before it. Replay
 * therefore rebuilds exactly the window the module had live.
 *
 * <p>A module state starts with an unbounded window (the snapshot serializer cannot know the node's
 * settings); the module actor {@link #bound bounds} it before applying any event.
 *
 * <p>Deliberately mutable and part of {@link ModuleState}; owned by the module actor's thread.
 */
public final class IdempotencyWindow {
  /** The longest key accepted, in characters. */
  public static final int MAX_KEY_LENGTH = 128;

  /**
   * A remembered call: its key, the {@link #fingerprint} of what it called, and the id and
   * timestamp of the transaction it committed.
   */
  public record Entry(String key, long fingerprint, long txId, long timestampMicros) {
    public Entry {
      Objects.requireNonNull(key, "key");
    }
  }

  /**
   * How many keys the window holds at most, and how long after its transaction a key is kept (in
   * microseconds of transaction time).
   */
  public record Bounds(int maxKeys, long maxAgeMicros) {
    /** No bound: a window restored from a snapshot, until its actor bounds it. */
    public static final Bounds NONE = new Bounds(Integer.MAX_VALUE, Long.MAX_VALUE);

    public Bounds {
      if (maxKeys < 1 || maxAgeMicros < 1) {
        throw new IllegalArgumentException(
            "an idempotency window holds at least one key for a positive time: "
                + maxKeys
                + " keys, "
                + maxAgeMicros
                + " µs");
      }
    }
  }

  /** Oldest first: transactions commit in timestamp order, so this is also age order. */
  private final LinkedHashMap<String, Entry> byKey = new LinkedHashMap<>();

  private Bounds bounds = Bounds.NONE;

  /**
   * Why {@code key} cannot be an idempotency key, or null when it can: it must have 1 to {@value
   * #MAX_KEY_LENGTH} characters, each printable ASCII (space to {@code ~}), as an HTTP header value
   * can carry.
   */
  public static String problem(String key) {
    if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      return "an idempotency key has 1 to "
          + MAX_KEY_LENGTH
          + " characters; this one has "
          + key.length();
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < ' ' || c > '~') {
        return "an idempotency key holds printable ASCII characters only; this one has U+"
            + String.format("%04X", (int) c)
            + " at index "
            + i;
      }
    }
    return null;
  }

  /**
   * What a call asked for, as a number to compare a retry with: the first 8 bytes (big-endian) of
   * the SHA-256 of the caller, the reducer and the canonical encoding of the arguments, each as a
   * 4-byte big-endian length and its bytes (strings in UTF-8). Stored in snapshots, so it must not
   * change.
   */
  public static long fingerprint(String caller, String reducer, byte[] args) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    for (var part :
        List.of(
            caller.getBytes(StandardCharsets.UTF_8),
            reducer.getBytes(StandardCharsets.UTF_8),
            args)) {
      sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(part.length).array());
      sha256.update(part);
    }
    return ByteBuffer.wrap(sha256.digest()).getLong();
  }

  /** The fingerprint of the client call {@code tx} committed. */
  public static long fingerprint(ModuleEvent.TxCommitted tx) {
    return fingerprint(tx.caller(), tx.reducer(), tx.args());
  }

  /**
   * Bounds the window, dropping at once what it holds beyond them as of {@code
   * lastTimestampMicros}, the module's last transaction.
   */
  public void bound(Bounds newBounds, long lastTimestampMicros) {
    bounds = Objects.requireNonNull(newBounds, "newBounds");
    evict(lastTimestampMicros);
  }

  public Bounds bounds() {
    return bounds;
  }

  /**
   * The committed call of {@code key}, or null when the window does not hold it or it is {@code
   * maxAge} or more older than {@code nowMicros} (the timestamp a retry's transaction would get).
   */
  public Entry find(String key, long nowMicros) {
    var entry = byKey.get(key);
    return entry == null || expired(entry, nowMicros) ? null : entry;
  }

  /**
   * Applies a committed transaction: remembers its key, if it is a client call with one, then drops
   * the oldest keys beyond {@code maxKeys} and those {@code maxAge} older than it. Called for every
   * transaction, live or replayed, so that eviction follows the log alone.
   */
  public void commit(ModuleEvent.TxCommitted tx) {
    if (tx.trigger() instanceof Trigger.ClientCall call && call.idempotencyKey() != null) {
      // A key is committed again only once forgotten or expired: the new entry goes to the end.
      byKey.remove(call.idempotencyKey());
      byKey.put(
          call.idempotencyKey(),
          new Entry(call.idempotencyKey(), fingerprint(tx), tx.txId(), tx.timestampMicros()));
    }
    evict(tx.timestampMicros());
  }

  private void evict(long nowMicros) {
    var oldest = byKey.values().iterator();
    while (oldest.hasNext()) {
      var entry = oldest.next();
      if (byKey.size() <= bounds.maxKeys() && !expired(entry, nowMicros)) {
        return;
      }
      oldest.remove();
    }
  }

  private boolean expired(Entry entry, long nowMicros) {
    return nowMicros - entry.timestampMicros() >= bounds.maxAgeMicros();
  }

  /** The remembered calls, oldest first. */
  public List<Entry> entries() {
    return new ArrayList<>(byKey.values());
  }

  public int size() {
    return byKey.size();
  }

  /** Restores an entry from a snapshot, which lists them oldest first. */
  public void restore(Entry entry) {
    byKey.put(entry.key(), entry);
  }
}
