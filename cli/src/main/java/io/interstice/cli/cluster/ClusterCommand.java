package io.interstice.cli.cluster;

import picocli.CommandLine.Command;

/**
 * {@code interstice cluster}: a local cluster of node processes on 127.0.0.1 sharing one data
 * directory (docs/cluster.md).
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = {
      "Start, inspect and stop a local cluster: node processes on 127.0.0.1 that share one data"
          + " directory (docs/cluster.md).",
      "What was started is recorded in <data-dir>/cluster/nodes.json, next to each node's log."
    },
    subcommands = {ClusterUpCommand.class, ClusterStatusCommand.class, ClusterDownCommand.class})
public final class ClusterCommand {}
