package io.interstice.sdk.schema;

/**
 * Who may reach a module, table or reducer. {@code PUBLIC}: clients over HTTP/WebSocket and other
 * modules. {@code PRIVATE}: only the module itself and the runtime (lifecycle reducers,
 * subscriptions); private tables are never shown to clients.
 */
public enum Visibility {
  PUBLIC,
  PRIVATE
}
