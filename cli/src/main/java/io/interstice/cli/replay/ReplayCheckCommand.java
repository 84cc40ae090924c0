package io.interstice.cli.replay;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import io.interstice.cli.ExitCodes;
import io.interstice.journal.log.LogDamage;
import io.interstice.runtime.javamodule.JavaModuleLoader;
import io.interstice.runtime.module.check.DeterminismChecker;
import io.interstice.runtime.module.check.Divergence;
import io.interstice.runtime.module.check.ReplayCheckException;
import io.interstice.runtime.module.code.ModuleLimits;
import io.interstice.runtime.module.code.ModuleLoaders;
import io.interstice.runtime.wasm.WasmModuleLoader;
import io.interstice.runtime.wasm.WasmSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code interstice replay-check DIR MODULE}: the determinism checker. Reads the module's history
 * offline ({@link ModuleHistory}) and has a {@link DeterminismChecker} re-run every logged reducer
 * call; prints the first divergence. WebAssembly code comes from the log; a Java module's class
 * must be on the class path.
 */
@Command(
    name = "replay-check",
    mixinStandardHelpOptions = true,
    description = {
      "Check that a module is deterministic: rebuild its state from the log transaction by",
      "transaction and re-run each logged reducer call from its logged inputs (arguments,",
      "timestamp, random seed, caller) against the state so far, comparing the row changes,",
      "calls and schedules it produces with the logged ones. Reads the log offline (stop the",
      "node first, or point at a copy). WebAssembly code comes from the log; a Java module's",
      "class must be on the class path (CLASSPATH or the cli jar's)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every re-run matched its log: deterministic as far as the log shows",
      "1:a re-run diverged; the first divergence is printed",
      "2:bad usage",
      "3:the history cannot be read or applied (no such module, unreadable or future event"
          + " format, a hole, code that cannot be loaded)",
      "5:the log is damaged (a checksum failed): repair it first (`interstice log verify`)"
    })
public final class ReplayCheckCommand implements Callable<Integer> {
  /** Stack of the checking thread: deep guest recursion must trap, not overflow the host. */
  private static final long STACK_BYTES = 256L << 20;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "The node's data directory.")
  Path dir;

  @Parameters(index = "1", paramLabel = "MODULE", description = "The module to check.")
  String module;

  @Option(names = "--json", description = "Print the result as one JSON object.")
  boolean json;

  @Option(names = "--no-progress", description = "Do not draw the progress bar on stderr.")
  boolean noProgress;

  @Override
  public Integer call() throws Exception {
    var config = ConfigFactory.load();
    int kryo = config.getInt("interstice.kryo.serializer-id");
    var history = ModuleHistory.read(dir, module, kryo);
    if (!history.damage().isEmpty()) {
      return damaged(history);
    }
    var loaders =
        ModuleLoaders.of(
            new JavaModuleLoader(Thread.currentThread().getContextClassLoader()),
            new WasmModuleLoader(WasmSettings.fromConfig(config)));
    var limits = ModuleLimits.fromConfig(config);
    var checker =
        history.snapshot() == null
            ? DeterminismChecker.fromStart(module, loaders, limits)
            : DeterminismChecker.fromSnapshot(history.snapshot(), loaders, limits);
    var progress =
        new ProgressBar(spec.commandLine().getErr(), history.events().size(), !noProgress);
    var divergence = runOnLargeStack(() -> check(history, checker, kryo, progress));
    progress.done();
    report(history, checker, divergence);
    return divergence == null ? ExitCodes.OK : ExitCodes.FOUND_PROBLEMS;
  }

  private static Divergence check(
      ModuleHistory history, DeterminismChecker checker, int kryo, ProgressBar progress) {
    for (var event : history.events()) {
      var divergence = checker.check(ModuleHistory.event(event, kryo));
      progress.step();
      if (divergence != null) {
        return divergence;
      }
    }
    return null;
  }

  private static Divergence runOnLargeStack(java.util.function.Supplier<Divergence> work)
      throws InterruptedException {
    var result = new AtomicReference<Divergence>();
    var failure = new AtomicReference<Throwable>();
    var thread =
        new Thread(
            null,
            () -> {
              try {
                result.set(work.get());
              } catch (Throwable e) {
                failure.set(e);
              }
            },
            "replay-check",
            STACK_BYTES);
    thread.start();
    thread.join();
    if (failure.get() instanceof RuntimeException e) {
      throw e;
    }
    if (failure.get() != null) {
      throw new ReplayCheckException("the check failed: " + failure.get(), failure.get());
    }
    return result.get();
  }

  private void report(ModuleHistory history, DeterminismChecker checker, Divergence divergence) {
    var out = spec.commandLine().getOut();
    if (json) {
      var result =
          JsonNodeFactory.instance
              .objectNode()
              .put("module", module)
              .put("deterministic", divergence == null)
              .put("events", history.events().size())
              .put("fromSnapshot", history.snapshot() != null)
              .put("checked", checker.checked())
              .put("skipped", checker.skipped());
      if (divergence != null) {
        addJson(result.putObject("divergence"), divergence);
      }
      out.println(result);
    } else if (divergence == null) {
      out.printf(
          "module %s: deterministic: %d transaction(s) re-run, all as logged (%d skipped: failed"
              + " deliveries and scheduled runs log no arguments)%s%n",
          module,
          checker.checked(),
          checker.skipped(),
          history.snapshot() == null
              ? ""
              : "; from the snapshot at event " + (history.firstSequenceNr() - 1));
    } else {
      out.printf("module %s: DIVERGED at %s%n", module, divergence.describe());
    }
    out.flush();
  }

  private static void addJson(ObjectNode json, Divergence divergence) {
    json.put("txId", divergence.txId())
        .put("reducer", divergence.reducer())
        .put("trigger", divergence.trigger())
        .put("aspect", divergence.aspect().name().toLowerCase(java.util.Locale.ROOT))
        .put("index", divergence.index())
        .put("table", divergence.table())
        .put("expected", divergence.expected())
        .put("actual", divergence.actual());
  }

  private int damaged(ModuleHistory history) {
    var err = spec.commandLine().getErr();
    if (json) {
      var result =
          JsonNodeFactory.instance.objectNode().put("module", module).put("deterministic", false);
      var list = result.putArray("damage");
      for (LogDamage d : history.damage()) {
        list.add(d.toString());
      }
      spec.commandLine().getOut().println(result);
      spec.commandLine().getOut().flush();
    }
    err.println(
        "error: the log is damaged, so module "
            + module
            + "'s history cannot be trusted (see `interstice log verify` and `log repair`):");
    history.damage().forEach(d -> err.println("  " + d));
    err.flush();
    return ExitCodes.DAMAGED;
  }
}
