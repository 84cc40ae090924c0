package io.interstice.runtime.module;

import java.util.Objects;

/** The outbox entry a transaction consumed: from which module, and its sequence number there. */
public record InboxEntry(String sender, long seq) {
  public InboxEntry {
    Objects.requireNonNull(sender, "sender");
  }
}
