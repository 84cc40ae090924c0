package io.interstice.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A live view of some of a module's tables ({@link IntersticeClient#subscribe}): the listener gets
 * their current rows, then every durable transaction that changed them, in commit order, until the
 * module stops, the connection is lost or {@link #close} is called. Thread-safe.
 */
public interface Subscription extends AutoCloseable {
  /** Stops the subscription; the listener hears nothing more. Idempotent. */
  @Override
  void close();

  /**
   * What a subscription tells, called on one thread at a time, in order. A listener should return
   * quickly: the node disconnects a subscriber that lets {@code websocket.max-buffered} messages
   * pile up.
   */
  interface Listener {
    /** The current rows of every subscribed table, as of transaction {@code tx}; called first. */
    void onRows(long tx, Map<String, List<JsonNode>> tables);

    /** One committed transaction's changes to the subscribed tables. */
    void onCommit(Commit commit);

    /** The subscription ended: the module stopped, or the node closed the connection. */
    default void onEnded(String reason) {}

    /** The connection failed or the node sent what this client cannot read; nothing follows. */
    default void onError(IntersticeClientException error) {}
  }

  /** The changes of one durable transaction to the subscribed tables. */
  record Commit(long tx, List<Change> changes) {
    public Commit {
      changes = List.copyOf(changes);
    }
  }

  /**
   * A row changed in {@code table}: {@code oldRow} is null for an insert, {@code newRow} for a
   * delete.
   */
  record Change(String table, Op op, JsonNode oldRow, JsonNode newRow) {}

  /** What a change did to its row. */
  enum Op {
    INSERT,
    UPDATE,
    DELETE
  }
}
