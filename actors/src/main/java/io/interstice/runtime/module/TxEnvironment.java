package io.interstice.runtime.module;

import io.interstice.runtime.table.Transaction;
import java.time.Instant;

/**
 * What the runtime hands one reducer call besides its arguments: the open transaction and the
 * recorded inputs of the call (transaction id, timestamp, random seed, caller). Everything a
 * reducer may learn from outside comes from here, and all of it is in the logged {@code
 * TxCommitted}, so the call can be re-run and checked later.
 */
public record TxEnvironment(
    String module,
    String reducer,
    Transaction transaction,
    long txId,
    Instant timestamp,
    long seed,
    String caller) {}
