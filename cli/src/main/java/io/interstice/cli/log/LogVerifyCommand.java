package io.interstice.cli.log;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.interstice.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code interstice log verify}: checks every frame and sidecar; exit 1 when damage is found. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Read every frame of every segment and check every checksum, every sidecar against",
      "its segment, and the log's end against commit.dat (how far frames were forced).",
      "Exit code 0: healthy; 1: damage found (see `log repair`); 3: the log cannot be read."
    })
public final class LogVerifyCommand implements Callable<Integer> {
  @Mixin LogPathMixin log;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    var reader = log.open();
    var err = spec.commandLine().getErr();
    var report =
        reader.verify(
            s -> {
              err.printf("verifying %s (%d bytes)%n", s.file().getFileName(), s.size());
              err.flush();
            });
    var out = spec.commandLine().getOut();
    if (log.json) {
      var json =
          JsonNodeFactory.instance
              .objectNode()
              .put("healthy", report.healthy())
              .put("segments", report.segments().size())
              .put("frames", report.frames())
              .put("events", report.events())
              .put("bytes", report.bytes())
              .put("bytesTruncatedWhenOpened", report.bytesTruncated());
      var damage = json.putArray("damage");
      for (var d : report.damage()) {
        damage
            .addObject()
            .put("file", d.file().toString())
            .put("offset", d.offset())
            .put("end", d.end())
            .put("persistenceId", d.persistenceId())
            .put("reason", d.reason());
      }
      var warnings = json.putArray("warnings");
      report.warnings().forEach(warnings::add);
      out.println(json);
    } else {
      out.printf(
          "%d segment(s), %d frame(s), %d event(s), %d bytes%n",
          report.segments().size(), report.frames(), report.events(), report.bytes());
      report.warnings().forEach(w -> out.println("warning: " + w));
      report.damage().forEach(d -> out.println("DAMAGE: " + d));
      out.println(
          report.healthy() ? "log is healthy" : "log is DAMAGED: see `interstice log repair`");
    }
    out.flush();
    return report.healthy() ? ExitCodes.OK : ExitCodes.FOUND_PROBLEMS;
  }
}
