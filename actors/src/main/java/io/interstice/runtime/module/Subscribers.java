package io.interstice.runtime.module;

import io.interstice.sdk.schema.RowEvent;
import io.interstice.sdk.schema.SubscriptionSchema;
import java.util.ArrayList;
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

  /** Replaces the subscriptions of {@code subscriber} to this module (none removes it). */
  public void replace(String subscriber, List<SubscriptionSchema> subscriptions) {
    if (subscriptions.isEmpty()) {
      bySubscriber.remove(subscriber);
    } else {
      bySubscriber.put(subscriber, List.copyOf(subscriptions));
    }
  }

  public List<SubscriptionSchema> of(String subscriber) {
    return bySubscriber.getOrDefault(subscriber, List.of());
  }

  public Map<String, List<SubscriptionSchema>> all() {
    return bySubscriber;
  }

  /** A subscribing module and the reducer to run. */
  public record Target(String module, String reducer, String pattern) {}

  /** Who subscribes to {@code event} on {@code table}, in module then reducer order. */
  public List<Target> matching(String table, RowEvent event) {
    List<Target> targets = null;
    for (var entry : bySubscriber.entrySet()) {
      for (var subscription : entry.getValue()) {
        if (subscription.table().equals(table) && subscription.event() == event) {
          if (targets == null) {
            targets = new ArrayList<>();
          }
          targets.add(new Target(entry.getKey(), subscription.reducer(), subscription.pattern()));
        }
      }
    }
    return targets == null ? List.of() : targets;
  }

  public boolean isEmpty() {
    return bySubscriber.isEmpty();
  }
}
