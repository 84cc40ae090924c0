package io.interstice.cli.cluster;

import java.time.Instant;
import java.util.Optional;

/**
 * A node process that {@code cluster up} started, as {@code nodes.json} records it.
 *
 * @param node its id: {@code node-1} ... {@code node-N}, also the name of its log
 * @param pid its process id
 * @param started when the process started ({@link ProcessHandle.Info#startInstant}, ISO-8601), to
 *     tell it from a later process that got the same pid; null when the system did not say
 * @param http the URL of its HTTP API
 * @param cluster its cluster address, {@code pekko://interstice@127.0.0.1:PORT}
 * @param log the file its stdout and stderr go to
 * @param config the configuration file it was started with
 */
public record StartedNode(
    String node, long pid, String started, String http, String cluster, String log, String config) {

  /** The node's process, when it still runs: same pid and, when known, same start time. */
  public Optional<ProcessHandle> process() {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(
            handle ->
                started == null
                    || handle
                        .info()
                        .startInstant()
                        .map(Instant::toString)
                        .map(started::equals)
                        .orElse(true));
  }
}
