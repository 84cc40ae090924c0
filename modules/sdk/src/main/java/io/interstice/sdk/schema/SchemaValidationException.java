package io.interstice.sdk.schema;

import io.interstice.sdk.SdkException;
import java.util.List;
import java.util.Locale;

/**
 * A schema breaks the rules; carries every problem found, each naming where it is. The message
 * lists the first {@value #LISTED} and counts the rest, so that a schema with thousands of problems
 * does not make a message of megabytes.
 */
public class SchemaValidationException extends SdkException {
  private static final long serialVersionUID = 1L;

  /** Problems the message lists; {@link #problems()} has them all. */
  public static final int LISTED = 20;

  private final List<String> problems;

  public SchemaValidationException(List<String> problems) {
    super(summary(problems));
    this.problems = List.copyOf(problems);
  }

  public SchemaValidationException(String subject, List<String> problems) {
    super(subject + ": " + summary(problems));
    this.problems = List.copyOf(problems);
  }

  /** The first {@value #LISTED} problems, then how many more there are. */
  static String summary(List<String> problems) {
    if (problems.size() <= LISTED) {
      return String.join("; ", problems);
    }
    int more = problems.size() - LISTED;
    return String.join("; ", problems.subList(0, LISTED))
        + "; … and "
        + String.format(Locale.ROOT, "%,d", more)
        + (more == 1 ? " more problem" : " more problems");
  }

  public List<String> problems() {
    return problems;
  }
}
