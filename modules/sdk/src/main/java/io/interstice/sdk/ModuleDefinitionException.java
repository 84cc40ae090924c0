package io.interstice.sdk;

/**
 * A Java module class, or a reference to a module's reducer, cannot be used as written. The message
 * says what is wrong and where, for example {@code bank.Account: table has no @PrimaryKey} or
 * {@code bank.transfer(int, long): first parameter must be ReducerContext}.
 */
public class ModuleDefinitionException extends SdkException {
  private static final long serialVersionUID = 1L;

  public ModuleDefinitionException(String message) {
    super(message);
  }

  public ModuleDefinitionException(String message, Throwable cause) {
    super(message, cause);
  }
}
