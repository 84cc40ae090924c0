package io.interstice.cli.schema;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.interstice.cli.ExitCodes;
import io.interstice.runtime.module.outbox.SubscriptionCheck;
import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.schema.SchemaCompatibility;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code interstice validate MODULE}: the checks a deploy runs, without a node. The code is loaded
 * as a deploy loads it ({@link ModuleLoading}); its subscriptions are checked against the modules
 * given with {@code --producer} as a deploy checks them against the deployed ones; with {@code
 * --upgrade-from} the upgrade rules apply as well.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Run every check a deploy runs on a module, offline.",
      "The WebAssembly binary (structure, ABI imports and exports, resources), the",
      "described schema (validity, limits), the Java module class, the subscriptions",
      "against the modules given with --producer, and with --upgrade-from the upgrade",
      "rules of `schema-diff`. The init reducer is not run.",
      "Exit code 0: a deploy would accept it; 1: problems found (printed); 2: bad usage."
    })
public final class ValidateCommand implements Callable<Integer> {
  @Mixin SchemaOptions options;

  @Parameters(
      index = "0",
      paramLabel = "MODULE",
      description = "A WebAssembly file (bank.wasm) or java:CLASS.")
  String module;

  @Option(
      names = "--producer",
      paramLabel = "MODULE",
      description =
          "A module this one subscribes to (FILE.wasm or java:CLASS), to check the"
              + " subscriptions against, as a deploy checks them against the deployed module"
              + " (repeatable).")
  List<String> producers = new ArrayList<>();

  @Option(
      names = "--upgrade-from",
      paramLabel = "MODULE",
      description = "The deployed version (FILE.wasm or java:CLASS): check the upgrade too.")
  String upgradeFrom;

  @Override
  public Integer call() {
    var spec = options.module(module);
    var producerSpecs = producers.stream().map(options::module).toList();
    var previous = upgradeFrom == null ? null : options.module(upgradeFrom);
    var loading = options.loading(List.of());
    var problems = new ArrayList<String>();
    var warnings = new ArrayList<String>();
    var outcome = loading.load(spec);
    ModuleSchema schema = outcome.module() == null ? null : outcome.module().schema();
    if (schema == null) {
      problems.add(outcome.error());
    } else {
      var known = new TreeMap<String, ModuleSchema>();
      for (var producer : producerSpecs) {
        var producerSchema = loading.schema(producer);
        known.put(producerSchema.name(), producerSchema);
      }
      problems.addAll(subscriptionProblems(schema, known, warnings));
      if (previous != null) {
        var report = SchemaCompatibility.compare(loading.schema(previous), schema);
        if (!report.accepted()) {
          problems.add(report.toString());
        } else if (!report.changes().isEmpty()) {
          warnings.add(report.toString());
        }
      }
    }
    print(spec, schema, problems, warnings);
    return problems.isEmpty() ? ExitCodes.OK : ExitCodes.FOUND_PROBLEMS;
  }

  /**
   * The deploy's subscription check, on the subscriptions whose producer is known (this module or
   * one given); a warning for each producer that was not given.
   */
  private static List<String> subscriptionProblems(
      ModuleSchema schema, Map<String, ModuleSchema> known, List<String> warnings) {
    for (var producer : SubscriptionCheck.producers(schema)) {
      if (!known.containsKey(producer)) {
        warnings.add(
            "subscriptions to module "
                + producer
                + " not checked: give it with --producer (a deploy refuses them if "
                + producer
                + " is not deployed or does not match)");
      }
    }
    var checkable =
        schema.subscriptions().stream()
            .filter(s -> s.module().equals(schema.name()) || known.containsKey(s.module()))
            .toList();
    var checked =
        new ModuleSchema(
            schema.name(),
            schema.version(),
            schema.visibility(),
            schema.tables(),
            schema.reducers(),
            schema.queries(),
            checkable);
    return SubscriptionCheck.problems(checked, known);
  }

  private void print(
      ModuleSpec spec, ModuleSchema schema, List<String> problems, List<String> warnings) {
    var out = options.spec.commandLine().getOut();
    if (options.json) {
      var json = JsonNodeFactory.instance.objectNode().put("code", spec.describe());
      if (schema != null) {
        json.put("module", schema.name()).put("version", schema.version());
      }
      json.put("valid", problems.isEmpty());
      var p = json.putArray("problems");
      problems.forEach(p::add);
      var w = json.putArray("warnings");
      warnings.forEach(w::add);
      out.println(json);
    } else {
      var what =
          schema == null
              ? spec.describe()
              : "module " + schema.name() + " version " + schema.version();
      warnings.forEach(w -> out.println("warning: " + w));
      problems.forEach(p -> out.println("problem: " + p));
      out.println(
          problems.isEmpty()
              ? what + ": valid, a deploy would accept it"
              : what + ": INVALID, a deploy would refuse it");
    }
    out.flush();
  }
}
