package io.interstice.client.internal;

import java.net.URI;
import java.time.Duration;

/**
 * How a client talks to a node; built by {@code IntersticeClient.Builder}, which documents each.
 *
 * @param url the node's base URL, without a trailing slash
 * @param token the bearer token, or null
 */
public record Settings(
    URI url,
    String token,
    Duration connectTimeout,
    Duration requestTimeout,
    int maxAttempts,
    Duration retryBackoff,
    int rowPageSize,
    Duration keepAlive) {}
