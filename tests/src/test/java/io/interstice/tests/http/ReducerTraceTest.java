package io.interstice.tests.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.interstice.tests.CliRun;
import io.interstice.tests.modules.Ledger;
import io.interstice.tests.modules.Tally;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code interstice trace} against a node process while a subscription chain runs (each insert of
 * {@code ledger.add} delivers to {@code tally.inserted}): the output is Chrome trace-event JSON
 * whose stage spans lie inside their call spans and whose links lead from a ledger call's commit to
 * the tally call it caused, which starts only after that commit.
 */
class ReducerTraceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double SLACK_MICROS = 0.002; // rounding of nanos to fractional micros

  @TempDir Path dir;

  @Test
  @SuppressWarnings("try") // NodeProcess.close may be interrupted; a test may throw that
  void shouldTraceASubscriptionChainAsNestedAndLinkedSpans() throws Exception {
    JsonNode trace;
    try (var node = NodeProcess.start(dir.resolve("data"), dir.resolve("node.stderr"))) {
      node.deployJava(Ledger.class);
      node.deployJava(Tally.class);
      var traced =
          CompletableFuture.supplyAsync(
              () -> CliRun.of("trace", "--seconds", "4", "--url", node.url()));
      // The recording starts once the command reached the node: keep the chain busy until it ends.
      for (int i = 1; !traced.isDone(); i++) {
        var added = node.postJson("/v1/modules/ledger/reducers/add", "[\"t" + i + "\", " + i + "]");
        assertEquals(200, added.statusCode(), added.body());
        Thread.sleep(100);
      }
      var result = traced.get(30, TimeUnit.SECONDS);
      assertEquals(0, result.exitCode(), result.err());
      trace = JSON.readTree(result.out());
      var busy = node.postJson("/v1/trace?seconds=0", "{}");
      assertEquals(400, busy.statusCode(), busy.body());
    }
    var events = trace.get("traceEvents");
    assertTrue(events.isArray() && events.size() > 0, trace.toString());
    var calls = new ArrayList<JsonNode>();
    var stages = new ArrayList<JsonNode>();
    var flows = new ArrayList<JsonNode>();
    for (var event : events) {
      for (var field : List.of("ph", "pid", "tid", "name")) {
        assertTrue(event.has(field), field + " missing in " + event);
      }
      var ph = event.get("ph").asText();
      if (!ph.equals("M")) {
        assertTrue(event.get("ts").isNumber(), event.toString());
      }
      if (ph.equals("X")) {
        assertTrue(event.get("dur").asDouble() >= 0, event.toString());
        (event.get("cat").asText().equals("call") ? calls : stages).add(event);
      } else if (ph.equals("s") || ph.equals("f")) {
        flows.add(event);
      }
    }
    var ledgerCalls =
        calls.stream().filter(c -> c.get("name").asText().equals("ledger.add")).toList();
    var tallyCalls =
        calls.stream().filter(c -> c.get("name").asText().equals("tally.inserted")).toList();
    assertTrue(ledgerCalls.size() >= 3, trace.toString());
    assertTrue(tallyCalls.size() >= 3, trace.toString());
    int forced = 0;
    for (var call : calls) {
      var inside =
          stages.stream().filter(s -> within(s, call)).map(s -> s.get("name").asText()).toList();
      var expected = List.of("queue", "reducer", "persist", "reply");
      if (inside.contains("force")) {
        forced++;
        assertTrue(within(stageOf(stages, call, "force"), stageOf(stages, call, "persist")));
        expected = List.of("queue", "reducer", "persist", "force", "reply");
      }
      assertEquals(expected, inside, call.toString());
    }
    assertTrue(forced > 0, "no call shows the journal's force: " + trace);
    for (var stage : stages) {
      assertTrue(calls.stream().anyMatch(c -> within(stage, c)), "stage outside calls: " + stage);
    }
    // A tally call is linked from the ledger call whose insert it was delivered, when that call
    // is in the recording too (the first and last of the chain may be cut off).
    int linked = 0;
    for (var tally : tallyCalls) {
      var finish =
          flows.stream().filter(f -> f.get("ph").asText().equals("f") && at(f, tally)).toList();
      if (finish.isEmpty()) {
        continue;
      }
      linked++;
      assertEquals(1, finish.size(), tally.toString());
      var id = finish.get(0).get("id").asInt();
      var start =
          flows.stream()
              .filter(f -> f.get("ph").asText().equals("s") && f.get("id").asInt() == id)
              .findFirst()
              .orElseThrow();
      var cause = ledgerCalls.stream().filter(c -> at(start, c)).findFirst().orElseThrow();
      var causePersist = stageOf(stages, cause, "persist");
      var reducer = stageOf(stages, tally, "reducer");
      assertTrue(
          reducer.get("ts").asDouble() >= end(causePersist) - SLACK_MICROS,
          "tally ran before the ledger's commit: " + reducer + " / " + causePersist);
      assertTrue(
          tally.get("args").get("trigger").asText().startsWith("delivery ledger #"),
          tally.toString());
    }
    assertTrue(linked >= 2, "only " + linked + " linked tally calls: " + trace);
    assertFalse(
        trace.get("otherData").get("dropped").asLong() > 0, trace.get("otherData").toString());
  }

  private static JsonNode stageOf(List<JsonNode> stages, JsonNode call, String name) {
    return stages.stream()
        .filter(s -> s.get("name").asText().equals(name) && within(s, call))
        .findFirst()
        .orElseThrow();
  }

  private static double end(JsonNode event) {
    return event.get("ts").asDouble() + event.get("dur").asDouble();
  }

  /** Whether {@code inner} is on {@code outer}'s lane and within its time. */
  private static boolean within(JsonNode inner, JsonNode outer) {
    return inner != outer
        && inner.get("pid").equals(outer.get("pid"))
        && inner.get("tid").equals(outer.get("tid"))
        && inner.get("ts").asDouble() >= outer.get("ts").asDouble() - SLACK_MICROS
        && end(inner) <= end(outer) + SLACK_MICROS;
  }

  /** Whether the flow event {@code flow} lies on {@code call}'s lane within its time. */
  private static boolean at(JsonNode flow, JsonNode call) {
    double ts = flow.get("ts").asDouble();
    return flow.get("pid").equals(call.get("pid"))
        && flow.get("tid").equals(call.get("tid"))
        && ts >= call.get("ts").asDouble() - SLACK_MICROS
        && ts <= end(call) + SLACK_MICROS;
  }
}
