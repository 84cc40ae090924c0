package io.interstice.examples.chat;

import io.interstice.sdk.PrimaryKey;
import io.interstice.sdk.Table;

/**
 * A registered user: the row type of the {@code users} table. {@code joinedAt} is the time of
 * registration in microseconds since the epoch.
 */
@Table(name = "users")
public record User(@PrimaryKey String name, long joinedAt) {}
