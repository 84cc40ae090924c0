package io.interstice.bench;

/**
 * What one recovery row measured: a module's log written by committed transfers, then a node
 * started on it in a new JVM.
 *
 * @param label the row's name
 * @param snapshotEvery {@code interstice.module.snapshot-every} while the log was written (0: off)
 * @param lastTxId the module's last transaction when it was written (deploy not counted)
 * @param writeSeconds how long writing the transfers took
 * @param logBytes bytes in the data directory (log and snapshots) after writing
 * @param recoveredTransactions transactions the module held after recovery
 * @param replayedEvents events replayed from the log (after the snapshot, if any)
 * @param snapshotSequenceNr sequence number of the snapshot recovery started from, 0 for none
 * @param recoveryMillis the module actor's own measure: creation to recovery completed
 * @param firstReplyMillis from the first request to the module (started node) to its answer
 * @param nodeStartMillis starting the node (actor system, cluster join) before that request
 * @param balancesOk whether the recovered balances add up to accounts x initial balance
 */
record RecoveryResult(
    String label,
    int snapshotEvery,
    long lastTxId,
    double writeSeconds,
    long logBytes,
    long recoveredTransactions,
    long replayedEvents,
    long snapshotSequenceNr,
    long recoveryMillis,
    long firstReplyMillis,
    long nodeStartMillis,
    boolean balancesOk) {}
