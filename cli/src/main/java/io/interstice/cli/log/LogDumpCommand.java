package io.interstice.cli.log;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.interstice.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code interstice log dump}: one line per frame (and per event with --events). */
@Command(
    name = "dump",
    mixinStandardHelpOptions = true,
    description = "Print every frame with its position, persistence id and sequence numbers.")
public final class LogDumpCommand implements Callable<Integer> {
  @Mixin LogPathMixin log;
  @Spec CommandSpec spec;

  @Option(names = "--id", description = "Only frames of this persistence id.")
  String id;

  @Option(names = "--events", description = "Also print each event's metadata.")
  boolean events;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    log.open()
        .forEachFrame(
            f -> {
              if (id != null && !id.equals(f.persistenceId())) {
                return;
              }
              if (log.json) {
                out.println(
                    JsonNodeFactory.instance
                        .objectNode()
                        .put("position", f.position())
                        .put("id", f.persistenceId())
                        .put("first", f.firstSequenceNr())
                        .put("last", f.lastSequenceNr())
                        .put("events", f.events().size()));
              } else {
                out.printf(
                    "%d %s seq %d..%d (%d event(s))%n",
                    f.position(),
                    f.persistenceId(),
                    f.firstSequenceNr(),
                    f.lastSequenceNr(),
                    f.events().size());
              }
              if (events && !log.json) {
                for (var e : f.events()) {
                  out.printf(
                      "    seq %d at %d serializer %d manifest '%s' writer %s, %d bytes%n",
                      e.sequenceNr(),
                      e.timestamp(),
                      e.serializerId(),
                      e.serializerManifest(),
                      e.writerUuid(),
                      e.payload().length);
                }
              }
            });
    out.flush();
    return ExitCodes.OK;
  }
}
