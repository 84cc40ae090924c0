package io.interstice.runtime.module.serialization;

import io.interstice.journal.serialization.KryoRegistrar;
import io.interstice.journal.serialization.KryoRegistry;
import io.interstice.runtime.module.state.ModuleEvent;
import io.interstice.runtime.module.state.ModuleState;

/**
 * Registers the runtime's persisted classes with the Kryo serializer. The ids are part of the
 * on-disk format: never reuse or renumber them. Listed in {@code interstice.kryo.registrars} by the
 * runtime's {@code reference.conf}.
 */
public final class RuntimeKryoRegistrar implements KryoRegistrar {
  public static final int MODULE_DEPLOYED = 200;
  public static final int TX_COMMITTED = 201;
  public static final int MODULE_STATE = 202;
  public static final int SUBSCRIPTIONS_CHANGED = 203;
  public static final int OUTBOX_ACKNOWLEDGED = 204;
  public static final int MODULE_UPGRADED = 205;
  public static final int MODULE_REMOVED = 206;
  public static final int BATCH = 207;

  @Override
  public void register(KryoRegistry registry) {
    registry
        .register(ModuleEvent.ModuleDeployed.class, MODULE_DEPLOYED, new ModuleDeployedSerializer())
        .register(ModuleEvent.TxCommitted.class, TX_COMMITTED, new TxCommittedSerializer())
        .register(ModuleState.class, MODULE_STATE, new ModuleStateSerializer())
        .register(
            ModuleEvent.SubscriptionsChanged.class,
            SUBSCRIPTIONS_CHANGED,
            new SubscriptionsChangedSerializer())
        .register(
            ModuleEvent.OutboxAcknowledged.class,
            OUTBOX_ACKNOWLEDGED,
            new OutboxAcknowledgedSerializer())
        .register(ModuleEvent.ModuleUpgraded.class, MODULE_UPGRADED, new ModuleUpgradedSerializer())
        .register(ModuleEvent.ModuleRemoved.class, MODULE_REMOVED, new ModuleRemovedSerializer())
        .register(ModuleEvent.Batch.class, BATCH, new BatchSerializer());
  }
}
