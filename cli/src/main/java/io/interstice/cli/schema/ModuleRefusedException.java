package io.interstice.cli.schema;

/**
 * Module code that a deploy would refuse (it does not load, describes an invalid schema, exceeds a
 * limit), where a tool needed its schema; the message is the refusal a node would answer with.
 */
public final class ModuleRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModuleRefusedException(String message) {
    super(message);
  }
}
