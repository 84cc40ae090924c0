package io.interstice.cli.log;

import io.interstice.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code interstice log repair}: removes damage offline (the node must be stopped). */
@Command(
    name = "repair",
    mixinStandardHelpOptions = true,
    description = {
      "Remove damaged frames from a stopped node's log (valid frames are kept),",
      "or with --truncate-at cut the log before a frame position (see `log dump`).",
      "First the sequence numbers that go are recorded as holes in deletions.dat, so no",
      "id's highest number drops and strict recovery accepts the gaps left behind.",
      "Takes the log's lock: refuses while a node is writing the log."
    })
public final class LogRepairCommand implements Callable<Integer> {
  @Mixin LogPathMixin log;
  @Spec CommandSpec spec;

  @Option(
      names = "--truncate-at",
      paramLabel = "POSITION",
      description = "Cut the log before the frame at POSITION, dropping it and everything after.")
  Long truncateAt;

  @Override
  public Integer call() {
    var reader = log.open();
    var out = spec.commandLine().getOut();
    if (truncateAt != null) {
      long removed = reader.truncateAfter(truncateAt);
      out.printf(
          "cut log %s at position %d: %d bytes removed%n", reader.logId(), truncateAt, removed);
    } else {
      var removed = reader.repair();
      if (removed.isEmpty()) {
        out.println("nothing to repair: log is healthy");
      }
      removed.forEach(d -> out.println("removed: " + d));
    }
    out.flush();
    return ExitCodes.OK;
  }
}
