package io.interstice.cli.cluster;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --data-dir} of every {@code cluster} verb, and the paths that follow from it. */
public final class DataDirOption {
  /** The folder of the data directory where the cluster's own files live. */
  static final String CLUSTER_DIR = "cluster";

  @Option(
      names = "--data-dir",
      required = true,
      paramLabel = "DIR",
      description =
          "Data directory the nodes share: each node's log in DIR/journal/<node>/, and in"
              + " DIR/cluster/ what was started (nodes.json), each node's configuration and its"
              + " output (node-K.log).")
  Path dataDir;

  Path dir() {
    return dataDir.toAbsolutePath().normalize();
  }

  Path clusterDir() {
    return dir().resolve(CLUSTER_DIR);
  }

  NodesFile nodesFile() {
    return new NodesFile(clusterDir());
  }

  /** The line that says no cluster was started here, and what to do instead. */
  String noCluster(String then) {
    return "error: no cluster in " + dir() + " (no " + nodesFile().path() + "); " + then;
  }
}
