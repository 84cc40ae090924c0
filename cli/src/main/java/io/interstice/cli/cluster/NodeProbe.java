package io.interstice.cli.cluster;

import io.interstice.client.ClusterStatus;
import io.interstice.client.IntersticeClient;
import io.interstice.client.IntersticeClientException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Asks one node of a local cluster how it is, through its HTTP API: {@code /health}, then {@code
 * /v1/cluster}. Each question is asked once, with short timeouts: the callers poll. Thread-safe
 * (the client is); close it when done.
 */
final class NodeProbe implements AutoCloseable {
  private final IntersticeClient client;

  NodeProbe(String url, String token) {
    this.client =
        IntersticeClient.builder(URI.create(url))
            .token(token)
            .connectTimeout(Duration.ofSeconds(2))
            .requestTimeout(Duration.ofSeconds(10))
            .maxAttempts(1)
            .build();
  }

  /** The node's view of its cluster, or empty when it does not serve (yet, or any more). */
  Optional<ClusterStatus> cluster() {
    try {
      client.health();
      return Optional.of(client.cluster());
    } catch (IntersticeClientException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
