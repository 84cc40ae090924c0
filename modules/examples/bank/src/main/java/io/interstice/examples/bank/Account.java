package io.interstice.examples.bank;

import io.interstice.sdk.Index;
import io.interstice.sdk.PrimaryKey;
import io.interstice.sdk.Table;

/**
 * A bank account: the row type of the {@code accounts} table. The id is generated when the account
 * is opened; an owner has at most one account.
 */
@Table(name = "accounts")
public record Account(
    @PrimaryKey(autoIncrement = true) long id, @Index(unique = true) String owner, long balance) {}
