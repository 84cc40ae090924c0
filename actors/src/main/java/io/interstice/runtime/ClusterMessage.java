package io.interstice.runtime;

/**
 * Marker for every message that may go from one node of a cluster to another: the module commands
 * sent through Cluster Sharding, their replies, and live updates. The runtime's {@code
 * reference.conf} binds it once to {@code io.interstice.runtime.cluster.ClusterMessageSerializer},
 * which must know each implementing class by a fixed manifest (see "Messages between nodes" in
 * {@code docs/runtime.md}); a class it does not know is refused with an error naming it.
 *
 * <p>A message that never leaves its node (an actor's note to itself, anything holding live
 * objects) implements {@link org.apache.pekko.actor.NoSerializationVerificationNeeded} instead,
 * saying why.
 */
public interface ClusterMessage {}
