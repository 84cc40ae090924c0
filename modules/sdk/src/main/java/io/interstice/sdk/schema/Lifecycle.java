package io.interstice.sdk.schema;

/**
 * When the runtime itself calls a reducer: {@code INIT} once, in the transaction that first deploys
 * the module; {@code UPGRADE} in the transaction that installs a new version; {@code NONE} for
 * ordinary reducers.
 */
public enum Lifecycle {
  NONE,
  INIT,
  UPGRADE
}
