package io.interstice.cli.cluster;

import com.typesafe.config.ConfigUtil;
import io.interstice.cli.Interstice;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Starts the node processes of a local cluster: {@code interstice node} run by the same Java, JVM
 * options and class path as this command, each with a configuration file of its own written next to
 * its log in {@code <data-dir>/cluster/}. A node is started in a session of its own ({@code
 * setsid}, where there is one) with its output going to its log file and nothing on its standard
 * input, so that neither this command's end nor a Ctrl-C in its terminal stops it. Thread-safety:
 * immutable.
 */
final class NodeLauncher {
  /** The address every node listens on, for the HTTP API and cluster traffic. */
  static final String HOST = "127.0.0.1";

  private static final String LOGBACK = "logback-cluster-node.xml";
  private static final List<String> SETSID = List.of("/usr/bin/setsid", "/bin/setsid");

  /** What one node is to be: its id, its ports and the seeds it joins through. */
  record Plan(String node, int httpPort, int clusterPort, List<String> seeds) {
    Plan {
      seeds = List.copyOf(seeds);
    }

    String http() {
      return "http://" + HOST + ":" + httpPort;
    }

    String address() {
      return address(clusterPort);
    }

    static String address(int clusterPort) {
      return "pekko://interstice@" + HOST + ":" + clusterPort;
    }
  }

  private final Path dataDir;
  private final Path clusterDir;
  private final String token;
  private final List<String> java;

  private NodeLauncher(Path dataDir, Path clusterDir, String token, List<String> java) {
    this.dataDir = dataDir;
    this.clusterDir = clusterDir;
    this.token = token;
    this.java = List.copyOf(java);
  }

  /**
   * A launcher of nodes that share {@code dataDir}, each run like this JVM; {@code token} (null for
   * none) is handed to them in their environment, never on their command line.
   */
  static NodeLauncher likeThisJvm(Path dataDir, Path clusterDir, String token) {
    var command = new ArrayList<String>();
    command.add(
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    for (var option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      // A debugger's or an agent's port or output would clash between nodes.
      if (!option.startsWith("-agentlib:jdwp") && !option.startsWith("-Xrunjdwp")) {
        command.add(option);
      }
    }
    command.add("-Dlogback.configurationFile=" + LOGBACK);
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add(Interstice.class.getName());
    return new NodeLauncher(dataDir, clusterDir, token, command);
  }

  /** Writes the node's configuration, then starts it; returns once the process runs. */
  StartedNode start(Plan plan) {
    var config = clusterDir.resolve(plan.node() + ".conf");
    var log = clusterDir.resolve(plan.node() + ".log");
    try {
      Files.writeString(config, configuration(plan), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ClusterException("cannot write " + config + ": " + e.getMessage(), e);
    }
    var command = new ArrayList<String>();
    SETSID.stream().filter(s -> Files.isExecutable(Path.of(s))).findFirst().ifPresent(command::add);
    command.addAll(java);
    command.addAll(
        List.of("node", "--config", config.toString(), "--data-dir", dataDir.toString()));
    var builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    var devNull = new File("/dev/null");
    if (devNull.exists()) {
      builder.redirectInput(ProcessBuilder.Redirect.from(devNull));
    }
    builder.environment().remove("INTERSTICE_TOKEN");
    if (token != null && !token.isEmpty()) {
      builder.environment().put("INTERSTICE_TOKEN", token);
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new ClusterException(
          "cannot start " + plan.node() + " (" + command.get(0) + "): " + e.getMessage(), e);
    }
    var started = process.toHandle().info().startInstant().map(Instant::toString).orElse(null);
    return new StartedNode(
        plan.node(),
        process.pid(),
        started,
        plan.http(),
        plan.address(),
        log.toString(),
        config.toString());
  }

  /**
   * The node's configuration: the local cluster's settings from the class path (
   * cluster-config/local-cluster/common.conf), then what is the node's own. Seeds and ports here
   * override those of the three-node files.
   */
  static String configuration(Plan plan) {
    var seeds =
        plan.seeds().stream().map(ConfigUtil::quoteString).collect(Collectors.joining(", "));
    return """
        # Written by `interstice cluster up`: %s of a local cluster. Restart this node alone with
        #   bin/interstice node --config <this file> --data-dir <the cluster's data directory>
        include classpath("local-cluster/common.conf")

        interstice.journal.log-id = %s
        interstice.http.port = %d
        pekko.remote.artery.canonical.port = %d
        pekko.cluster.seed-nodes = [%s]
        """
        .formatted(
            plan.node(),
            ConfigUtil.quoteString(plan.node()),
            plan.httpPort(),
            plan.clusterPort(),
            seeds);
  }
}
