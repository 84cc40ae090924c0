package io.interstice.examples.chat;

import io.interstice.sdk.Index;
import io.interstice.sdk.PrimaryKey;
import io.interstice.sdk.Table;

/**
 * A message posted to a channel: the row type of the {@code messages} table. Ids are generated in
 * posting order, so within a channel they order messages oldest first; {@code sentAt} is the time
 * of posting in microseconds since the epoch.
 */
@Table(name = "messages")
public record Message(
    @PrimaryKey(autoIncrement = true) long id,
    @Index String channel,
    String sender,
    String text,
    long sentAt) {}
