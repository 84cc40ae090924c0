package io.interstice.cli.client;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interstice.cli.schema.ModuleLoading;
import io.interstice.cli.schema.ModuleSpec;
import io.interstice.cli.schema.SchemaJson;
import io.interstice.client.ErrorKind;
import io.interstice.client.IntersticeClient;
import io.interstice.client.IntersticeClientException;
import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.schema.SchemaCompatibility;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * {@code deploy --watch}: deploys a WebAssembly file, then upgrades the module each time the file
 * changes, printing the compatibility report of each change (computed here by the rules an upgrade
 * applies, from the schema last deployed to the new one) and the node's answer. A change is acted
 * on once the file has stayed the same for one poll interval, so a file still being written is not
 * sent half-written; a file that does not load here is reported and not sent. A refused upgrade or
 * an unreachable node is printed and the watch goes on; it ends when its thread is interrupted
 * (Ctrl-C ends the process).
 *
 * <p>Not thread-safe: runs on the command's thread.
 */
final class DeployWatcher {
  /** What the watcher knows of the file at one poll. */
  private record Stamp(long size, FileTime modified) {}

  private final IntersticeClient client;
  private final Path file;
  private final Duration interval;
  private final ModuleLoading loading;
  private final PrintWriter out;
  private final boolean json;

  /** The bytes last sent, and the schema the node accepted last (null before, or unknown). */
  private byte[] sent;

  private ModuleSchema deployed;

  /** The last deploy found no node: it is tried again at every poll. */
  private boolean retry;

  DeployWatcher(
      IntersticeClient client,
      Path file,
      Duration interval,
      ModuleLoading loading,
      PrintWriter out,
      boolean json) {
    this.client = client;
    this.file = file;
    this.interval = interval;
    this.loading = loading;
    this.out = out;
    this.json = json;
  }

  /** Deploys the file, then watches it until the thread is interrupted. */
  void run() {
    // Stamped before reading: a change written while the first deploy runs is seen next poll.
    var last = stamp();
    deployCurrent();
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(interval.toMillis());
        var now = stamp();
        if (retry && Objects.equals(now, last)) {
          deployCurrent();
          continue;
        }
        if (Objects.equals(now, last) || now == null) {
          last = now;
          continue;
        }
        // Changed: act once it stays the same for a whole interval (a writer may not be done);
        // while it still changes, the next poll sees a change again.
        Thread.sleep(interval.toMillis());
        if (Objects.equals(stamp(), now)) {
          deployCurrent();
          last = now;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    print(event("stopped"), "stopped watching " + file);
  }

  private Stamp stamp() {
    try {
      return new Stamp(Files.size(file), Files.getLastModifiedTime(file));
    } catch (IOException e) {
      return null;
    }
  }

  private void deployCurrent() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      print(event("unreadable").put("error", e.getMessage()), "cannot read " + file + ": " + e);
      return;
    }
    if (Arrays.equals(bytes, sent)) {
      return;
    }
    var outcome = loading.load(new ModuleSpec(file, null));
    if (outcome.module() == null) {
      print(
          event("invalid").put("error", outcome.error()),
          "not deployed, a deploy would refuse " + file + ": " + outcome.error());
      sent = bytes;
      return;
    }
    var schema = outcome.module().schema();
    // A retry after no node answered was reported already.
    boolean again = retry;
    if (deployed != null && !again) {
      var report = SchemaCompatibility.compare(deployed, schema);
      print(event("report").set("report", SchemaJson.report(report)), report.toString());
    }
    sent = bytes;
    try {
      var module = client.deploy(bytes);
      var verb = deployed == null ? "deployed" : "upgraded";
      deployed = schema;
      retry = false;
      print(
          event(verb).set("module", NodeOptions.JSON.valueToTree(module)),
          verb + " " + ModuleText.summary(module));
    } catch (IntersticeClientException e) {
      retry = unreachable(e);
      if (retry) {
        // Sent again at the next poll, to a node that may be restarting.
        sent = null;
        if (!again) {
          print(
              event("unreachable").put("error", e.getMessage()),
              "no node answered: " + e.getMessage() + "; trying again");
        }
        return;
      }
      print(
          event("refused").put("kind", e.kindName()).put("error", e.getMessage()),
          "refused: " + e.kindName() + ": " + e.getMessage() + "; waiting for the next change");
    }
  }

  private static boolean unreachable(IntersticeClientException e) {
    var kind = e.kind();
    return kind == ErrorKind.CONNECTION
        || kind == ErrorKind.TIMEOUT
        || kind == ErrorKind.UNAVAILABLE;
  }

  private static ObjectNode event(String name) {
    return JsonNodeFactory.instance.objectNode().put("event", name);
  }

  private void print(ObjectNode event, String text) {
    out.println(json ? event.toString() : text);
    out.flush();
  }
}
