package io.interstice.sdk.schema;

import io.interstice.sdk.SdkException;
import java.util.List;

/** A schema breaks the rules; carries every problem found, each naming where it is. */
public class SchemaValidationException extends SdkException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public SchemaValidationException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public SchemaValidationException(String subject, List<String> problems) {
    super(subject + ": " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
