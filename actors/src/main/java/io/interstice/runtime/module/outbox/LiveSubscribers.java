package io.interstice.runtime.module.outbox;

import io.interstice.runtime.LiveUpdate;
import io.interstice.runtime.table.RowChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The live subscribers of one module: who watches which tables. After each durable batch every
 * subscriber gets one {@link LiveUpdate.Committed} per transaction that touched its tables, in
 * commit order. Ephemeral tables are included: their changes are not logged, but they are
 * committed. Confined to the module actor.
 */
public final class LiveSubscribers {
  private final String module;
  private final IntConsumer counted;
  private final Map<ActorRef<LiveUpdate>, Set<String>> tablesBySubscriber = new LinkedHashMap<>();

  /** The subscribers of {@code module}; {@code counted} hears how many there are at each change. */
  public LiveSubscribers(String module, IntConsumer counted) {
    this.module = module;
    this.counted = counted;
  }

  public void add(ActorRef<LiveUpdate> subscriber, Set<String> tables) {
    tablesBySubscriber.put(subscriber, Set.copyOf(tables));
    counted.accept(tablesBySubscriber.size());
  }

  public void remove(ActorRef<LiveUpdate> subscriber) {
    tablesBySubscriber.remove(subscriber);
    counted.accept(tablesBySubscriber.size());
  }

  public boolean isEmpty() {
    return tablesBySubscriber.isEmpty();
  }

  /** A committed transaction and all its row changes, for publishing once it is durable. */
  public record Published(long txId, List<RowChange> changes) {}

  public void publish(List<Published> transactions) {
    if (tablesBySubscriber.isEmpty()) {
      return;
    }
    for (var transaction : transactions) {
      tablesBySubscriber.forEach(
          (subscriber, tables) -> {
            var updates = new ArrayList<LiveUpdate.RowUpdate>();
            for (var change : transaction.changes()) {
              if (tables.contains(change.table())) {
                updates.add(update(change));
              }
            }
            if (!updates.isEmpty()) {
              subscriber.tell(new LiveUpdate.Committed(module, transaction.txId(), updates));
            }
          });
    }
  }

  /** Tells every subscriber the subscription is over. */
  public void end(String reason) {
    tablesBySubscriber.keySet().forEach(s -> s.tell(new LiveUpdate.Ended(module, reason)));
    tablesBySubscriber.clear();
    counted.accept(0);
  }

  private static LiveUpdate.RowUpdate update(RowChange change) {
    if (change instanceof RowChange.Inserted inserted) {
      return new LiveUpdate.RowUpdate(change.table(), LiveUpdate.Kind.INSERT, null, inserted.row());
    }
    if (change instanceof RowChange.Updated updated) {
      return new LiveUpdate.RowUpdate(
          change.table(), LiveUpdate.Kind.UPDATE, updated.oldRow(), updated.newRow());
    }
    var deleted = (RowChange.Deleted) change;
    return new LiveUpdate.RowUpdate(change.table(), LiveUpdate.Kind.DELETE, deleted.row(), null);
  }
}
