package io.interstice.tests.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.interstice.tests.modules.Faulty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's log lines about a module carry its name, the reducer and the transaction id (SLF4J
 * MDC): as JSON fields with {@code -Dinterstice.log.format=json}, in brackets in the default text.
 */
class StructuredLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  @SuppressWarnings("try") // NodeProcess.close may be interrupted; a test may throw that
  void shouldWriteJsonLinesThatCarryModuleReducerAndTransaction() throws Exception {
    var stderr = dir.resolve("node.stderr");
    try (var node =
        NodeProcess.start(dir.resolve("data"), stderr, List.of("-Dinterstice.log.format=json"))) {
      failOnce(node);
    }
    var warnings = new ArrayList<JsonNode>();
    for (var line : Files.readAllLines(stderr)) {
      if (line.startsWith("{")) {
        var json = JSON.readTree(line);
        if (json.path("formattedMessage").asText().contains("broken on purpose")) {
          warnings.add(json);
        }
      }
    }
    assertEquals(1, warnings.size(), Files.readString(stderr));
    var warning = warnings.get(0);
    assertEquals("WARN", warning.get("level").asText(), warning.toString());
    var mdc = warning.get("mdc");
    assertEquals("faulty", mdc.get("module").asText(), warning.toString());
    assertEquals("fail", mdc.get("reducer").asText(), warning.toString());
    assertEquals("1", mdc.get("tx").asText(), warning.toString());
  }

  @Test
  @SuppressWarnings("try") // NodeProcess.close may be interrupted; a test may throw that
  void shouldTagTextLinesWithModuleReducerAndTransaction() throws Exception {
    var stderr = dir.resolve("node.stderr");
    try (var node = NodeProcess.start(dir.resolve("data"), stderr)) {
      failOnce(node);
    }
    var lines =
        Files.readAllLines(stderr).stream().filter(l -> l.contains("broken on purpose")).toList();
    assertTrue(lines.get(0).contains(" [faulty fail 1] - "), lines.toString());
  }

  private static void failOnce(NodeProcess node) throws IOException {
    node.deployJava(Faulty.class);
    var failed = node.postJson("/v1/modules/faulty/reducers/fail", "[\"x\"]");
    assertEquals(500, failed.statusCode() / 100 * 100, failed.body());
  }
}
