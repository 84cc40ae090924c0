package io.interstice.journal;

import io.interstice.journal.log.JournalStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.ExtensionIdProvider;

/**
 * The binary-log journals running in an actor system, so that the node can ask them about the
 * health of their logs (damage found at open, by replays and by the scrub) without a message round
 * trip through the journal actor. A journal registers when Pekko starts it and leaves when it
 * stops.
 *
 * <p>Thread-safety: safe for concurrent use.
 */
public final class JournalRegistry implements Extension {
  /** The extension id; {@code JournalRegistry.ID.get(system)} gives a system's registry. */
  public static final Id ID = new Id();

  private final List<JournalStore> stores = new CopyOnWriteArrayList<>();

  /** The stores of the journals running now. */
  public List<JournalStore> stores() {
    return List.copyOf(stores);
  }

  void register(JournalStore store) {
    stores.add(store);
  }

  void unregister(JournalStore store) {
    stores.remove(store);
  }

  /** Extension id of {@link JournalRegistry}. */
  public static final class Id extends AbstractExtensionId<JournalRegistry>
      implements ExtensionIdProvider {
    private Id() {}

    @Override
    public JournalRegistry createExtension(ExtendedActorSystem system) {
      return new JournalRegistry();
    }

    @Override
    public Id lookup() {
      return ID;
    }

    /** The registry of {@code system}. */
    public JournalRegistry of(ActorSystem system) {
      return get(system);
    }
  }
}
