package io.interstice.cli.log;

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
      var damage = new StringBuilder();
      for (var d : report.damage()) {
        damage
            .append(damage.length() > 0 ? "," : "")
            .append("{\"file\":")
            .append(Json.quote(d.file()))
            .append(",\"offset\":")
            .append(d.offset())
            .append(",\"end\":")
            .append(d.end())
            .append(",\"persistenceId\":")
            .append(d.persistenceId() == null ? "null" : Json.quote(d.persistenceId()))
            .append(",\"reason\":")
            .append(Json.quote(d.reason()))
            .append('}');
      }
      var warnings = new StringBuilder();
      report
          .warnings()
          .forEach(w -> warnings.append(warnings.length() > 0 ? "," : "").append(Json.quote(w)));
      out.printf(
          "{\"healthy\":%s,\"segments\":%d,\"frames\":%d,\"events\":%d,\"bytes\":%d,\"damage\":[%s],\"warnings\":[%s]}%n",
          report.healthy(),
          report.segments(),
          report.frames(),
          report.events(),
          report.bytes(),
          damage,
          warnings);
    } else {
      out.printf(
          "%d segment(s), %d frame(s), %d event(s), %d bytes%n",
          report.segments(), report.frames(), report.events(), report.bytes());
      report.warnings().forEach(w -> out.println("warning: " + w));
      report.damage().forEach(d -> out.println("DAMAGE: " + d));
      out.println(
          report.healthy() ? "log is healthy" : "log is DAMAGED: see `interstice log repair`");
    }
    out.flush();
    return report.healthy() ? ExitCodes.OK : ExitCodes.FOUND_PROBLEMS;
  }
}
