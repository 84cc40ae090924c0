package io.interstice.cli.log;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.interstice.cli.ExitCodes;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code interstice log inspect}: segments, frames and persistence ids of a log. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = "List segments with their sidecars, and each persistence id's events.")
public final class LogInspectCommand implements Callable<Integer> {
  @Mixin LogPathMixin log;
  @Spec CommandSpec spec;

  /** Per-id summary. */
  private record IdStats(long frames, long events, long lowest, long highest) {}

  @Override
  public Integer call() {
    var reader = log.open();
    var segments = reader.segments();
    var ids = new TreeMap<String, IdStats>();
    reader.forEachFrame(
        f ->
            ids.merge(
                f.persistenceId(),
                new IdStats(1, f.events().size(), f.firstSequenceNr(), f.lastSequenceNr()),
                (a, b) ->
                    new IdStats(
                        a.frames() + b.frames(),
                        a.events() + b.events(),
                        Math.min(a.lowest(), b.lowest()),
                        Math.max(a.highest(), b.highest()))));
    var out = spec.commandLine().getOut();
    if (log.json) {
      var json = JsonNodeFactory.instance.objectNode().put("log", reader.logId());
      var segmentArray = json.putArray("segments");
      for (var s : segments) {
        segmentArray
            .addObject()
            .put("file", s.file().getFileName().toString())
            .put("base", s.base())
            .put("bytes", s.size())
            .put("sidecar", s.sidecar().name().toLowerCase(Locale.ROOT));
      }
      var idArray = json.putArray("ids");
      ids.forEach(
          (id, v) ->
              idArray
                  .addObject()
                  .put("id", id)
                  .put("frames", v.frames())
                  .put("events", v.events())
                  .put("lowest", v.lowest())
                  .put("highest", v.highest()));
      out.println(json);
    } else {
      out.printf("log %s in %s%n", reader.logId(), reader.directory());
      out.printf("%-26s %12s %12s  %s%n", "segment", "base", "bytes", "sidecar");
      for (var s : segments) {
        out.printf(
            "%-26s %12d %12d  %s%n",
            s.file().getFileName(),
            s.base(),
            s.size(),
            s.sidecar().name().toLowerCase(Locale.ROOT));
      }
      out.printf(
          "%n%-40s %10s %10s %10s %10s%n",
          "persistence id", "frames", "events", "lowest", "highest");
      ids.forEach(
          (id, v) ->
              out.printf(
                  "%-40s %10d %10d %10d %10d%n",
                  id, v.frames(), v.events(), v.lowest(), v.highest()));
    }
    out.flush();
    return ExitCodes.OK;
  }
}
