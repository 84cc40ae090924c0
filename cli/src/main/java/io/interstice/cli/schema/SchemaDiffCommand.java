package io.interstice.cli.schema;

import io.interstice.cli.ExitCodes;
import io.interstice.sdk.schema.CompatibilityReport;
import io.interstice.sdk.schema.SchemaCompatibility;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code interstice schema-diff OLD NEW}: every change between two versions of a module with its
 * severity, by the rules an upgrade applies ({@link SchemaCompatibility}); for a module's CI.
 */
@Command(
    name = "schema-diff",
    mixinStandardHelpOptions = true,
    description = {
      "List every change between two versions of a module, by the rules of an upgrade.",
      "Each change has its severity (info, note, needs migration, refused); then the",
      "verdict an upgrade would get.",
      "OLD and NEW are each a WebAssembly file or java:CLASS; two builds of one Java class",
      "come from --old-class-path and --new-class-path.",
      "Exit code 0: nothing to fail on (see --fail-on); 1: a change to fail on; 2: bad usage;",
      "3: a side cannot be loaded (the deploy's refusal is printed)."
    })
public final class SchemaDiffCommand implements Callable<Integer> {
  /** Which changes make the command exit 1. */
  enum FailOn {
    /** A change that needs an upgrade reducer or is refused outright. */
    BREAKING,
    /** A change an upgrade would refuse: breaking without an upgrade reducer, or refused. */
    REFUSED,
    /** Also a note: a change that keeps the rows but may break callers. */
    NOTE,
    /** Nothing: the report only. */
    NEVER
  }

  @Mixin SchemaOptions options;

  @Parameters(index = "0", paramLabel = "OLD", description = "The deployed version.")
  String oldModule;

  @Parameters(index = "1", paramLabel = "NEW", description = "The version to upgrade to.")
  String newModule;

  @Option(
      names = "--old-class-path",
      paramLabel = "PATH",
      description = "Where OLD's Java class is (a jar of the deployed release, say).")
  List<String> oldClassPath = new ArrayList<>();

  @Option(
      names = "--new-class-path",
      paramLabel = "PATH",
      description = "Where NEW's Java class is (target/classes, say).")
  List<String> newClassPath = new ArrayList<>();

  @Option(
      names = "--fail-on",
      paramLabel = "WHEN",
      defaultValue = "breaking",
      description =
          "Exit 1 on: breaking (default: a change needs an upgrade reducer or is refused),"
              + " refused (an upgrade would be refused), note (breaking, or callers may break),"
              + " never.")
  String failOn;

  @Override
  public Integer call() {
    var when = failOn();
    var before = options.module(oldModule);
    var after = options.module(newModule);
    var oldSchema = options.loading(oldClassPath).schema(before);
    var newSchema = options.loading(newClassPath).schema(after);
    var report = SchemaCompatibility.compare(oldSchema, newSchema);
    var out = options.spec.commandLine().getOut();
    out.println(options.json ? SchemaJson.report(report).toString() : report.toString());
    out.flush();
    return fails(report, when) ? ExitCodes.FOUND_PROBLEMS : ExitCodes.OK;
  }

  private FailOn failOn() {
    for (var value : FailOn.values()) {
      if (SchemaText.lower(value).equals(failOn)) {
        return value;
      }
    }
    throw new picocli.CommandLine.ParameterException(
        options.spec.commandLine(),
        "--fail-on: expected breaking, refused, note or never, found " + failOn);
  }

  static boolean fails(CompatibilityReport report, FailOn when) {
    switch (when) {
      case BREAKING:
        return !report.compatible();
      case REFUSED:
        return !report.accepted();
      case NOTE:
        return !report.compatible() || !report.notes().isEmpty();
      default:
        return false;
    }
  }
}
