package io.interstice.runtime.module.outbox;

import io.interstice.sdk.schema.RowEvent;
import io.interstice.sdk.schema.SubscriptionSchema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The subscriptions to a module's tables, by subscribing module: who gets which row changes.
 * Registered through the log ({@code SubscriptionsChanged}), so that every transaction's deliveries
 * are decided by the state at its point of the log. Iteration is in module name order, which keeps
 * outbox numbering deterministic.
 *
 * <p>Deliberately mutable and part of {@link ModuleState}; owned by the module actor's thread.
 */
public final class Subscribers {
  private final Map<String, List<SubscriptionSchema>> bySubscriber = new TreeMap<>();

  /**
   * The targets of each table and event, in module then reducer order: rebuilt when a subscriber
   * changes, so that a row change finds its targets without scanning every subscription.
   */
  private Map<String, Map<RowEvent, List<Target>>> byTable = Map.of();

  /** Replaces the subscriptions of {@code subscriber} to this module (none removes it). */
  public void replace(String subscriber, List<SubscriptionSchema> subscriptions) {
    if (subscriptions.isEmpty()) {
      bySubscriber.remove(subscriber);
    } else {
      bySubscriber.put(subscriber, List.copyOf(subscriptions));
    }
    var index = new HashMap<String, Map<RowEvent, List<Target>>>();
    for (var entry : bySubscriber.entrySet()) {
      for (var subscription : entry.getValue()) {
        index
            .computeIfAbsent(subscription.table(), table -> new EnumMap<>(RowEvent.class))
            .computeIfAbsent(subscription.event(), event -> new ArrayList<>())
            .add(new Target(entry.getKey(), subscription.reducer(), subscription.pattern()));
      }
    }
    byTable = index;
  }

  public List<SubscriptionSchema> of(String subscriber) {
    return bySubscriber.getOrDefault(subscriber, List.of());
  }

  public Map<String, List<SubscriptionSchema>> all() {
    return Collections.unmodifiableMap(bySubscriber);
  }

  /** A subscribing module and the reducer to run. */
  public record Target(String module, String reducer, String pattern) {}

  /** Who subscribes to {@code event} on {@code table}, in module then reducer order. */
  public List<Target> matching(String table, RowEvent event) {
    var events = byTable.get(table);
    var targets = events == null ? null : events.get(event);
    return targets == null ? List.of() : Collections.unmodifiableList(targets);
  }

  public boolean isEmpty() {
    return bySubscriber.isEmpty();
  }
}
