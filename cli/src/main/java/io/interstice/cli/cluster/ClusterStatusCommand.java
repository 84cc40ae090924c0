package io.interstice.cli.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.interstice.cli.ExitCodes;
import io.interstice.client.ClusterStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code interstice cluster status}: each node of the local cluster in a data directory, whether it
 * runs and serves, and how many modules run on it.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "List the nodes of the local cluster in DIR: pid, HTTP URL, status and the modules running"
          + " on each (from its GET /v1/cluster).",
      "Status: up (serves, and is an up member), unreachable (runs but does not answer), stopped"
          + " (its process is gone), or the member status of a node joining or leaving.",
      "Exits 0 when every node is up, 1 otherwise or when no cluster was started in DIR."
    })
public final class ClusterStatusCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Mixin DataDirOption data;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      defaultValue = "${env:INTERSTICE_TOKEN}",
      description = "Bearer token of the nodes (default: $INTERSTICE_TOKEN).")
  String token;

  @Option(
      names = "--json",
      description =
          "Print a JSON array of {\"node\", \"pid\", \"http\", \"cluster\", \"status\","
              + " \"modules\"} (modules null when the node does not answer).")
  boolean json;

  /** One node's line. */
  record Row(String node, long pid, String http, String cluster, String status, Integer modules) {}

  @Override
  public Integer call() {
    var nodesFile = data.nodesFile();
    if (!nodesFile.exists()) {
      var err = spec.commandLine().getErr();
      err.println(
          data.noCluster(
              "start one with 'interstice cluster up N --data-dir " + data.dataDir + "'"));
      err.flush();
      return ExitCodes.FOUND_PROBLEMS;
    }
    var rows = new ArrayList<Row>();
    for (var node : nodesFile.read()) {
      rows.add(row(node));
    }
    var out = spec.commandLine().getOut();
    if (json) {
      out.println(json(rows));
    } else {
      var lines = new ArrayList<List<String>>();
      for (var row : rows) {
        lines.add(
            List.of(
                row.node(),
                String.valueOf(row.pid()),
                row.http(),
                row.status(),
                row.modules() == null ? "-" : String.valueOf(row.modules())));
      }
      NodeTable.print(out, List.of("node", "pid", "http", "status", "modules"), lines);
    }
    out.flush();
    return rows.stream().allMatch(r -> r.status().equals("up"))
        ? ExitCodes.OK
        : ExitCodes.FOUND_PROBLEMS;
  }

  private Row row(StartedNode node) {
    if (node.process().isEmpty()) {
      return new Row(node.node(), node.pid(), node.http(), node.cluster(), "stopped", null);
    }
    Optional<ClusterStatus> seen;
    try (var probe = new NodeProbe(node.http(), token)) {
      seen = probe.cluster();
    }
    if (seen.isEmpty()) {
      return new Row(node.node(), node.pid(), node.http(), node.cluster(), "unreachable", null);
    }
    var self = seen.get().members().stream().filter(ClusterStatus.Member::self).findFirst();
    var status = self.map(ClusterStatus.Member::status).orElse("unreachable");
    return new Row(
        node.node(), node.pid(), node.http(), node.cluster(), status, seen.get().moduleCount());
  }

  private static String json(List<Row> rows) {
    var array = new ArrayList<Map<String, Object>>();
    for (var row : rows) {
      var object = new LinkedHashMap<String, Object>();
      object.put("node", row.node());
      object.put("pid", row.pid());
      object.put("http", row.http());
      object.put("cluster", row.cluster());
      object.put("status", row.status());
      object.put("modules", row.modules());
      array.add(object);
    }
    try {
      return JSON.writeValueAsString(array);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print as JSON: " + rows, e);
    }
  }
}
