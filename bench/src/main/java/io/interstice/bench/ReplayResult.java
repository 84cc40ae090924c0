package io.interstice.bench;

/**
 * What the journal replay workload measured for one journal.
 *
 * @param journal the journal's label
 * @param events events in the history of the one persistence id
 * @param writeSeconds writing that history (atomic writes of 1,000 events; not the point)
 * @param replayMillis from creating a fresh actor to its recovery completed, every event replayed
 * @param replayedEvents events the actor was handed during recovery (must equal {@code events})
 * @param maxHeapMiB the JVM's maximum heap during the replay: the bound a replay must live within
 */
record ReplayResult(
    String journal,
    long events,
    double writeSeconds,
    long replayMillis,
    long replayedEvents,
    long maxHeapMiB) {

  double eventsPerSecond() {
    return replayMillis == 0 ? 0 : replayedEvents * 1000.0 / replayMillis;
  }
}
