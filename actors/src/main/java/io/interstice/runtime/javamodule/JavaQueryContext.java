package io.interstice.runtime.javamodule;

import io.interstice.runtime.table.ModuleTables;
import io.interstice.sdk.QueryContext;
import io.interstice.sdk.ReadOnlyTableHandle;
import io.interstice.sdk.internal.JavaModuleDefinition;

/** The {@link QueryContext} of one query call: read-only handles over committed tables. */
final class JavaQueryContext implements QueryContext {
  private final JavaModuleDefinition definition;
  private final ModuleTables tables;
  private final String caller;

  JavaQueryContext(JavaModuleDefinition definition, ModuleTables tables, String caller) {
    this.definition = definition;
    this.tables = tables;
    this.caller = caller;
  }

  @Override
  public <T extends Record> ReadOnlyTableHandle<T> table(Class<T> rowType) {
    return new JavaReadOnlyTableHandle<>(definition.table(rowType), tables);
  }

  @Override
  public String caller() {
    return caller;
  }
}
