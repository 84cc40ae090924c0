/**
 * The messages between the nodes of a cluster: {@link
 * io.interstice.runtime.cluster.ClusterMessageSerializer}, the Pekko serializer bound to every
 * {@link io.interstice.runtime.ClusterMessage}, and the wire format it writes, one class per part
 * (primitives and shared parts, tagged values, codes, the formats of commands and of replies).
 * Nothing in the runtime depends on this package but the configuration that names the serializer.
 */
package io.interstice.runtime.cluster;
