package io.interstice.runtime;

import io.interstice.sdk.value.Type;

/** A query's answer: a value of the query's result {@code type} (which says how to render it). */
public record QueryResult(Type type, Object value) {}
