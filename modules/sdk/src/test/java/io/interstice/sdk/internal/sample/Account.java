package io.interstice.sdk.internal.sample;

import io.interstice.sdk.Index;
import io.interstice.sdk.PrimaryKey;
import io.interstice.sdk.Table;

/** A bank account: the row type of the sample bank's {@code accounts} table. */
@Table(name = "accounts")
public record Account(
    @PrimaryKey(autoIncrement = true) long id, @Index(unique = true) String owner, long balance) {}
