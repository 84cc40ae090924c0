package io.interstice.sdk;

/**
 * What a query may use: read-only views of its module's committed tables and the caller's identity.
 * Valid only during the call, on the calling thread.
 */
public interface QueryContext {

  /**
   * The committed table whose row type is {@code rowType}.
   *
   * @throws ModuleDefinitionException if {@code rowType} is not a table of this module
   */
  <T extends Record> ReadOnlyTableHandle<T> table(Class<T> rowType);

  /** Who called: a client identity, or {@code module:<name>}. */
  String caller();
}
