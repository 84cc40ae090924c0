package io.interstice.client;

import java.util.List;

/**
 * A node's view of its cluster ({@code GET /v1/cluster}).
 *
 * @param node the node's id, the name of its log ({@code node-1}, ...)
 * @param address its cluster address, {@code pekko://interstice@host:port}
 * @param leader the address of the cluster's leader as the node sees it; null while there is none
 * @param members every member the node knows of, in address order
 * @param shards how many shards of modules the node hosts
 * @param modules the modules running on the node, in name order
 * @param moduleCount how many they are
 * @param unansweredShards shards of the node that did not say in time which modules they hold
 *     (their modules are missing from {@code modules})
 */
public record ClusterStatus(
    String node,
    String address,
    String leader,
    List<Member> members,
    int shards,
    List<String> modules,
    int moduleCount,
    int unansweredShards) {

  public ClusterStatus {
    members = members == null ? List.of() : List.copyOf(members);
    modules = modules == null ? List.of() : List.copyOf(modules);
  }

  /** How many members are up and reachable. */
  public long membersUp() {
    return members.stream().filter(m -> m.up() && m.reachable()).count();
  }

  /**
   * A member of the cluster.
   *
   * @param address its cluster address
   * @param status its membership status: {@code joining}, {@code weakly-up}, {@code up}, {@code
   *     leaving}, {@code exiting}, {@code down}, {@code removed}, ...
   * @param roles its roles
   * @param up whether it is a full member (status {@code up})
   * @param reachable false when a failure detector has marked it unreachable
   * @param self whether it is the node that answered
   */
  public record Member(
      String address,
      String status,
      List<String> roles,
      boolean up,
      boolean reachable,
      boolean self) {
    public Member {
      roles = roles == null ? List.of() : List.copyOf(roles);
    }
  }
}
