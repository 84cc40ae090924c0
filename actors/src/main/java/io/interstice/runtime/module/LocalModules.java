package io.interstice.runtime.module;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ActorPath;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.ExtensionIdProvider;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/**
 * The module actors running on this node, by module name, so that a call made on the node that
 * hosts its module goes straight to the actor instead of through sharding's region and shard (two
 * actor hops, a routing envelope and a lookup each, on every call).
 *
 * <p>A module actor registers itself when it starts and leaves when it stops. A message told to an
 * actor that stopped in between (it was handed off, removed, or stopped after a failed deploy) is
 * not lost: it becomes a dead letter, which {@link DeadLetterRerouting} sends on through sharding,
 * as if it had been sent that way from the start. The actor never saw it, so nothing runs twice.
 *
 * <p>Thread-safety: a concurrent map; any thread.
 */
public final class LocalModules implements Extension {
  /** The extension id; {@code LocalModules.ID.get(system)} gives a system's registry. */
  public static final Id ID = new Id();

  private final Map<String, ActorRef<ModuleActor.Command>> actors = new ConcurrentHashMap<>();

  /** The actor of {@code module} running on this node, or null (send through sharding). */
  public ActorRef<ModuleActor.Command> actorOf(String module) {
    return actors.get(module);
  }

  /** The sharded actor of {@code module} started on this node (again, after a restart). */
  void started(String module, ActorRef<ModuleActor.Command> actor) {
    actors.put(module, actor);
  }

  /** The actor of {@code module} stopped: calls go through sharding until it starts again. */
  void stopped(String module, ActorRef<ModuleActor.Command> actor) {
    actors.remove(module, actor);
  }

  /**
   * The module named by the path of a sharded module actor ({@code
   * /system/sharding/Module/<shard>/<module>}), or null for any other path.
   */
  static String moduleOf(ActorPath path) {
    var shard = path.parent();
    if (shard == null || shard.parent() == null) {
      return null;
    }
    var type = shard.parent();
    if (!type.name().equals(ModuleActor.TYPE_KEY.name())
        || type.parent() == null
        || !type.parent().name().equals("sharding")) {
      return null;
    }
    // Sharding names an entity's actor by its id, URL-encoded.
    return URLDecoder.decode(path.name(), StandardCharsets.UTF_8);
  }

  /**
   * Forgets {@code recipient} as the actor of {@code module} when it still is: a message to it came
   * back as a dead letter, so it stopped without saying so (during a restart's back-off).
   */
  void forgetIfStale(String module, org.apache.pekko.actor.ActorRef recipient) {
    var actor = actors.get(module);
    if (actor != null && Adapter.toClassic(actor).equals(recipient)) {
      actors.remove(module, actor);
    }
  }

  /** Extension id of {@link LocalModules}. */
  public static final class Id extends AbstractExtensionId<LocalModules>
      implements ExtensionIdProvider {
    private Id() {}

    @Override
    public LocalModules createExtension(ExtendedActorSystem system) {
      return new LocalModules();
    }

    @Override
    public Id lookup() {
      return ID;
    }
  }
}
