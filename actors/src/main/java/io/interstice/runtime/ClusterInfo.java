package io.interstice.runtime;

import java.util.List;
import java.util.Objects;
import java.util.SortedSet;

/**
 * A node's view of its cluster ({@code GET /v1/cluster}): which node it is, the members it knows of
 * and the modules running on it now.
 *
 * @param node this node's id ({@code interstice.journal.log-id}), the name of its log
 * @param address this node's cluster address, {@code pekko://interstice@host:port}
 * @param leader the address of the cluster's leader as this node sees it; null while there is none
 * @param members every member this node knows of, in address order
 * @param shards how many shards of modules this node hosts
 * @param modules the modules whose actors run on this node, in name order
 * @param unansweredShards shards of this node that did not say in time which modules they hold
 *     ({@code pekko.cluster.sharding.shard-region-query-timeout}); their modules are missing from
 *     {@code modules}
 */
public record ClusterInfo(
    String node,
    String address,
    String leader,
    List<Member> members,
    int shards,
    SortedSet<String> modules,
    int unansweredShards) {

  public ClusterInfo {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(address, "address");
    members = List.copyOf(members);
    modules = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(modules));
  }

  /**
   * A member of the cluster.
   *
   * @param address its cluster address
   * @param status its membership status, Pekko's in lower case with dashes: {@code joining}, {@code
   *     weakly-up}, {@code up}, {@code leaving}, {@code exiting}, {@code down}, {@code removed},
   *     {@code preparing-for-shutdown}, {@code ready-for-shutdown}
   * @param roles its roles ({@code dc-default}: the data center every member is in by default)
   * @param reachable false when this node's failure detector, or another member's, has marked it
   *     unreachable
   * @param self true for the node that answered
   */
  public record Member(
      String address, String status, List<String> roles, boolean reachable, boolean self) {
    public Member {
      roles = List.copyOf(roles);
    }

    /** True when it is a full member: its status is {@code up}. */
    public boolean up() {
      return "up".equals(status);
    }
  }
}
