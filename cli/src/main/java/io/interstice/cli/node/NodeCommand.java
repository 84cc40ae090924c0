package io.interstice.cli.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.interstice.cli.ExitCodes;
import io.interstice.journal.log.JournalStore;
import io.interstice.journal.log.NodeLog;
import io.interstice.runtime.http.HttpApi;
import io.interstice.runtime.http.HttpSettings;
import io.interstice.runtime.node.IntersticeNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code interstice node}: one node in the foreground, serving the HTTP API, until SIGTERM or
 * Ctrl-C. Prints one line once it serves; on the signal it stops accepting connections, answers the
 * requests it already received, stops its modules, closes its log and exits 0.
 */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = {
      "Run one node in the foreground, serving the HTTP API (docs/http-api.md) and a web console"
          + " at its root (docs/console.md), until SIGTERM or Ctrl-C; then answer requests"
          + " already received, close the log and exit 0.",
      "Flags override --config, which overrides the embedded defaults."
    })
public final class NodeCommand implements Callable<Integer> {
  /** How long a signalled shutdown may take before the process exits anyway. */
  private static final long STOP_TIMEOUT_SECONDS = 60;

  @Spec CommandSpec spec;

  /** Whether "node ... stopped" was printed; guarded by this. */
  private boolean stopReported;

  @Option(
      names = "--data-dir",
      required = true,
      description = "Data directory: the log and snapshots (created if missing).")
  Path dataDir;

  @Option(
      names = "--http-port",
      description = "Port of the HTTP API (default: 8080; 0 picks a free one).")
  Integer httpPort;

  @Option(
      names = "--bind",
      description =
          "Address the HTTP API listens on (default: 127.0.0.1). Any other address needs --token"
              + " or --insecure.")
  String bind;

  @Option(
      names = "--node-id",
      description =
          "Stable name of this node, and of its log in <data-dir>/journal/<node-id>"
              + " (default: node-1).")
  String nodeId;

  @Option(
      names = "--config",
      description =
          "HOCON file over the embedded defaults (each key is explained in the reference.conf"
              + " of actors/ and journal-plugin/; interstice.http in docs/http-api.md).")
  Path configFile;

  @Option(
      names = "--cluster-port",
      description = "Port for cluster traffic between nodes (default: a free one).")
  Integer clusterPort;

  @Option(
      names = "--seed-node",
      description =
          "Address of a cluster seed node, as pekko://interstice@host:port (repeatable). Without"
              + " one the node forms a cluster by itself.")
  List<String> seedNodes = new ArrayList<>();

  @Option(
      names = "--token",
      description =
          "Require 'Authorization: Bearer <token>' on every route but /health (default: the"
              + " environment variable INTERSTICE_TOKEN, else interstice.http.token).")
  String token;

  @Option(
      names = "--insecure",
      description = "Serve an address other than loopback without a token.")
  boolean insecure;

  @Override
  public Integer call() throws InterruptedException {
    var config = configuration();
    var dir = dataDir.toAbsolutePath().normalize();
    var resolved = config.withFallback(ConfigFactory.load());
    var logId = resolved.getString("interstice.journal.log-id");
    HttpSettings.fromConfig(resolved).validate();
    checkDataDirectory(dir, logId);
    var node = IntersticeNode.builder().dataDir(dir).config(config).start();
    HttpApi api;
    try {
      api = HttpApi.start(node, HttpSettings.fromConfig(node.system().settings().config()));
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
    var out = spec.commandLine().getOut();
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> exitWhenStopped(node, logId), "interstice-node-stop"));
    out.println("node " + logId + " serving " + api.url() + " with data in " + dir);
    out.flush();
    node.system().getWhenTerminated().toCompletableFuture().join();
    printStopped(logId);
    return ExitCodes.OK;
  }

  /**
   * The flags over the file over nothing: what is not set falls through to the embedded defaults
   * (single-node.conf and the reference.conf files), which the node loads itself.
   */
  private Config configuration() {
    // The node opens its log at start-up (single-node.conf), and fails to start if it cannot.
    var flags = ConfigFactory.empty();
    if (nodeId != null) {
      flags = set(flags, "interstice.journal.log-id", nodeId);
    }
    if (httpPort != null) {
      flags = set(flags, "interstice.http.port", httpPort);
    }
    if (bind != null) {
      flags = set(flags, "interstice.http.bind", bind);
    }
    var tokenValue = token != null ? token : System.getenv("INTERSTICE_TOKEN");
    if (tokenValue != null && !tokenValue.isEmpty()) {
      flags = set(flags, "interstice.http.token", tokenValue);
    }
    if (insecure) {
      flags = set(flags, "interstice.http.insecure", true);
    }
    if (clusterPort != null) {
      flags = set(flags, "pekko.remote.artery.canonical.port", clusterPort);
    }
    if (!seedNodes.isEmpty()) {
      flags = set(flags, "pekko.cluster.seed-nodes", seedNodes);
    }
    if (configFile == null) {
      return flags;
    }
    if (!Files.isRegularFile(configFile)) {
      throw new IllegalArgumentException("no configuration file " + configFile);
    }
    try {
      return flags.withFallback(ConfigFactory.parseFile(configFile.toFile()));
    } catch (com.typesafe.config.ConfigException e) {
      throw new IllegalArgumentException("cannot read " + configFile + ": " + e.getMessage(), e);
    }
  }

  private static Config set(Config config, String path, Object value) {
    return config.withValue(path, ConfigValueFactory.fromAnyRef(value));
  }

  /**
   * Refuses, with one line, a data directory the node could not use: not creatable or writable, or
   * its log in use by another node (checked, then released for the journal to take).
   */
  private static void checkDataDirectory(Path dir, String logId) {
    var logDir = dir.resolve(JournalStore.JOURNAL_DIR).resolve(logId);
    try {
      Files.createDirectories(logDir);
      var probe = Files.createTempFile(dir, ".write-check", ".tmp");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw new IllegalArgumentException(
          "data directory " + dir + " is not writable: " + describe(e), e);
    }
    NodeLog.requireUnlocked(logDir);
  }

  private static String describe(Exception e) {
    if (e instanceof java.nio.file.AccessDeniedException denied) {
      return "permission denied (" + denied.getFile() + ")";
    }
    if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
      return fs.getReason() + " (" + fs.getFile() + ")";
    }
    return String.valueOf(e.getMessage());
  }

  /**
   * Run on SIGTERM or Ctrl-C, beside the actor system's own hook that shuts the node down in order
   * (stop accepting, answer requests in flight, stop modules, close the log). Once that is done it
   * ends the process with status 0: the stop was asked for and went as planned, so the JVM's
   * 128+signal status would read as a failure to supervisors and scripts.
   */
  private void exitWhenStopped(IntersticeNode node, String logId) {
    try {
      node.system()
          .getWhenTerminated()
          .toCompletableFuture()
          .get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      var err = spec.commandLine().getErr();
      err.println("error: node " + logId + " did not stop cleanly: " + e);
      err.flush();
      Runtime.getRuntime().halt(ExitCodes.FAILED);
    }
    printStopped(logId);
    Runtime.getRuntime().halt(ExitCodes.OK);
  }

  /**
   * Says once, from whichever thread sees the stop first, that the node stopped. Synchronized: the
   * shutdown hook halts the JVM right after it returns, so it must not return while the main thread
   * is still printing the line.
   */
  private synchronized void printStopped(String logId) {
    if (!stopReported) {
      stopReported = true;
      var out = spec.commandLine().getOut();
      out.println("node " + logId + " stopped");
      out.flush();
    }
  }
}
