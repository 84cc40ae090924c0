package io.interstice.journal.testkit;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * An event or snapshot state holding a typed actor reference, serialized by {@link
 * HeldRefSerializer}, which needs Pekko's transport information as any ActorRef serializer does.
 */
public record HeldRef(ActorRef<ActorRef<String>> ref) {
  /** HOCON binding {@link HeldRef} to {@link HeldRefSerializer}, for {@link TestNode#start}. */
  public static final String SERIALIZER_CONFIG =
      """
      pekko.actor.serializers.held-ref = "io.interstice.journal.testkit.HeldRefSerializer"
      pekko.actor.serialization-bindings {
        "io.interstice.journal.testkit.HeldRef" = held-ref
      }
      """;
}
