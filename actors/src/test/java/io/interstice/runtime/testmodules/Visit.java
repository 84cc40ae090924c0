package io.interstice.runtime.testmodules;

import io.interstice.sdk.PrimaryKey;
import io.interstice.sdk.Table;
import io.interstice.sdk.schema.Persistence;

/** An ephemeral row of {@link Inventory}: kept in memory, never logged. */
@Table(name = "visits", persistence = Persistence.EPHEMERAL)
public record Visit(@PrimaryKey String user, long count) {}
