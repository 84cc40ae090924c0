package io.interstice.runtime;

import java.time.Instant;

/** The acknowledgement of a committed, durable reducer call: its transaction id and timestamp. */
public record TxReceipt(String module, String reducer, long txId, Instant timestamp) {}
