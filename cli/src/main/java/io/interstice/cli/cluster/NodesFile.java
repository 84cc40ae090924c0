package io.interstice.cli.cluster;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code <data-dir>/cluster/nodes.json}: the node processes {@code cluster up} started, which
 * {@code cluster status} and {@code cluster down} work from. Written whole to a temporary file and
 * renamed over the old one, so a reader never sees half of it:
 *
 * <pre>
 * {"dataDir": "/abs/data", "nodes": [{"node": "node-1", "pid": 4242,
 *   "started": "2024-05-01T10:00:00.120Z", "http": "http://127.0.0.1:8081",
 *   "cluster": "pekko://interstice@127.0.0.1:40123", "log": "/abs/data/cluster/node-1.log",
 *   "config": "/abs/data/cluster/node-1.conf"}, ...]}
 * </pre>
 *
 * Not thread-safe; one command uses it at a time.
 */
final class NodesFile {
  static final String NAME = "nodes.json";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** The file's content. */
  record Content(String dataDir, List<StartedNode> nodes) {
    Content {
      nodes = nodes == null ? List.of() : List.copyOf(nodes);
    }
  }

  private final Path file;

  NodesFile(Path clusterDir) {
    this.file = clusterDir.resolve(NAME);
  }

  Path path() {
    return file;
  }

  boolean exists() {
    return Files.exists(file);
  }

  /** The nodes recorded. */
  List<StartedNode> read() {
    try {
      return JSON.readValue(file.toFile(), Content.class).nodes();
    } catch (IOException e) {
      throw new ClusterException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  void write(Path dataDir, List<StartedNode> nodes) {
    var temp = file.resolveSibling(NAME + ".tmp");
    try {
      Files.createDirectories(file.getParent());
      JSON.writeValue(temp.toFile(), new Content(dataDir.toString(), nodes));
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new ClusterException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  void delete() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new ClusterException("cannot remove " + file + ": " + e.getMessage(), e);
    }
  }
}
