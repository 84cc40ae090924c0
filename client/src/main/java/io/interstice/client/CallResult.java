package io.interstice.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A committed reducer call: the id of its transaction, durable when this is returned, and the
 * reducer's result ({@code null} JSON: reducers return nothing but their transaction today).
 */
public record CallResult(long tx, JsonNode result) {}
