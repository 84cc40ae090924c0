package io.interstice.runtime.trace;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interstice.runtime.module.state.Trigger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exports a {@link TraceRecording} as Chrome trace-event JSON, which Perfetto ({@code
 * ui.perfetto.dev}) and {@code chrome://tracing} open: one process per module, each call a complete
 * event ({@code ph: "X"}, category {@code call}) on a lane (thread) of its module with its stages
 * ({@code queue}, {@code reducer}, {@code persist} with the journal's {@code force} inside it when
 * the log was forced, {@code reply}; category {@code stage}) nested inside, and flow events ({@code
 * ph: "s"}/{@code "f"}, category {@code link}) from each call to the calls it caused: subscription
 * deliveries and cross-module calls (from the commit of the sender's batch to the start of the
 * receiver's reducer), and runs of the schedules it created. Times are microseconds since the
 * recording started. Calls of one module overlap (a batch's calls share its write), so each goes on
 * the first lane free for its whole span, which keeps events on a lane properly nested. Stateless.
 */
public final class ChromeTrace {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private ChromeTrace() {}

  /** The recording as one JSON object: {@code traceEvents} and {@code otherData}. */
  public static ObjectNode export(TraceRecording recording) {
    var spans = new ArrayList<>(recording.spans());
    spans.sort(Comparator.comparingLong(CallSpan::received));
    var root = JSON.objectNode();
    var events = root.putArray("traceEvents");
    var pids = new TreeMap<String, Integer>();
    spans.forEach(span -> pids.putIfAbsent(span.module(), 0));
    int next = 1;
    for (var module : pids.keySet()) {
      pids.put(module, next);
      metadata(events, "process_name", next++, 0, module);
    }
    var lanes = new HashMap<String, List<Long>>();
    var placed = new ArrayList<Placed>();
    long origin = recording.startedNanos();
    var forces = recording.forces();
    forces.sort(Comparator.comparingLong(force -> force[1]));
    for (var span : spans) {
      int pid = pids.get(span.module());
      var ends = lanes.computeIfAbsent(span.module(), m -> new ArrayList<>());
      int lane = laneFor(ends, span);
      if (lane == ends.size()) {
        ends.add(span.replied());
        metadata(events, "thread_name", pid, lane + 1, span.module() + " lane " + (lane + 1));
      } else {
        ends.set(lane, span.replied());
      }
      var at = new Placed(span, pid, lane + 1);
      placed.add(at);
      call(events, at, forces, origin);
    }
    links(events, placed, origin);
    root.putObject("otherData")
        .put("calls", spans.size())
        .put("dropped", recording.dropped())
        .put("timeUnit", "microseconds since the recording started");
    return root;
  }

  /** A span and where it is drawn. */
  private record Placed(CallSpan span, int pid, int tid) {}

  private static int laneFor(List<Long> ends, CallSpan span) {
    for (int i = 0; i < ends.size(); i++) {
      if (ends.get(i) <= span.received()) {
        return i;
      }
    }
    return ends.size();
  }

  private static void metadata(ArrayNode events, String name, int pid, int tid, String value) {
    var event = events.addObject().put("name", name).put("ph", "M").put("pid", pid);
    event.put("tid", tid).putObject("args").put("name", value);
  }

  private static void call(ArrayNode events, Placed at, List<long[]> forces, long origin) {
    var span = at.span();
    var call =
        complete(events, span.module() + "." + span.reducer(), "call", at, origin)
            .apply(span.received(), span.replied());
    var args = call.putObject("args").put("tx", span.txId());
    if (span.trigger() != null) {
      args.put("trigger", describe(span.trigger())).put("caller", span.trigger().caller());
    }
    if (span.error() != null) {
      args.put("error", span.error());
    }
    if (!span.sent().isEmpty()) {
      span.sent().forEach(args.putArray("sent")::add);
    }
    if (!span.scheduled().isEmpty()) {
      span.scheduled().forEach(args.putArray("scheduled")::add);
    }
    complete(events, "queue", "stage", at, origin).apply(span.received(), span.started());
    complete(events, "reducer", "stage", at, origin).apply(span.started(), span.ran());
    complete(events, "persist", "stage", at, origin).apply(span.persisting(), span.persisted());
    var force = forceOf(forces, span);
    if (force != null) {
      complete(events, "force", "stage", at, origin).apply(force[0], force[1]);
    }
    complete(events, "reply", "stage", at, origin).apply(span.persisted(), span.replied());
  }

  /**
   * The last force of the log that lies within the call's persist stage: the one that made its
   * batch durable (in a JVM hosting several nodes, possibly another node's).
   */
  private static long[] forceOf(List<long[]> forces, CallSpan span) {
    // forces are sorted by end: find the last one ending by the time the write was durable
    int low = 0;
    int high = forces.size() - 1;
    int last = -1;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      if (forces.get(middle)[1] <= span.persisted()) {
        last = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    if (last < 0 || forces.get(last)[0] < span.persisting()) {
      return null;
    }
    return forces.get(last);
  }

  /** A complete event factory: {@code apply(from, to)} adds the event with those nano instants. */
  private interface Complete {
    ObjectNode apply(long from, long to);
  }

  private static Complete complete(
      ArrayNode events, String name, String category, Placed at, long origin) {
    return (from, to) ->
        events
            .addObject()
            .put("name", name)
            .put("cat", category)
            .put("ph", "X")
            .put("ts", micros(from, origin))
            .put("dur", Math.max(0, (to - from) / 1000.0))
            .put("pid", at.pid())
            .put("tid", at.tid());
  }

  private static double micros(long nanos, long origin) {
    return (nanos - origin) / 1000.0;
  }

  /** Flow events from each cause to what it caused, when both are in the recording. */
  private static void links(ArrayNode events, List<Placed> placed, long origin) {
    var causes = new HashMap<String, Placed>();
    for (var at : placed) {
      var span = at.span();
      span.sent().forEach(entry -> causes.put(span.module() + ">" + entry, at));
      span.scheduled().forEach(id -> causes.put(span.module() + "@" + id, at));
    }
    Map<String, Integer> ids = new HashMap<>();
    for (var at : placed) {
      var trigger = at.span().trigger();
      String key = null;
      String name = null;
      if (trigger instanceof Trigger.Delivery delivery) {
        key = delivery.sender() + ">" + at.span().module() + "#" + delivery.seq();
        name = "delivery";
      } else if (trigger instanceof Trigger.ScheduledRun run) {
        key = at.span().module() + "@" + run.scheduleId();
        name = "schedule";
      }
      var cause = key == null ? null : causes.get(key);
      if (cause == null) {
        continue;
      }
      int id = ids.computeIfAbsent(key, k -> ids.size() + 1);
      flow(events, name, "s", id, cause, cause.span().persisted(), origin);
      flow(events, name, "f", id, at, at.span().started(), origin).put("bp", "e");
    }
  }

  private static ObjectNode flow(
      ArrayNode events, String name, String phase, int id, Placed at, long when, long origin) {
    return events
        .addObject()
        .put("name", name)
        .put("cat", "link")
        .put("ph", phase)
        .put("id", id)
        .put("ts", micros(when, origin))
        .put("pid", at.pid())
        .put("tid", at.tid());
  }

  private static String describe(Trigger trigger) {
    if (trigger instanceof Trigger.ClientCall) {
      return "client call";
    } else if (trigger instanceof Trigger.Delivery delivery) {
      return "delivery " + delivery.sender() + " #" + delivery.seq();
    } else if (trigger instanceof Trigger.ScheduledRun run) {
      return "run of schedule " + run.scheduleId();
    }
    return "lifecycle reducer";
  }
}
