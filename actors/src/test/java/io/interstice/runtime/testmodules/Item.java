package io.interstice.runtime.testmodules;

import io.interstice.sdk.Index;
import io.interstice.sdk.PrimaryKey;
import io.interstice.sdk.Table;
import io.interstice.sdk.schema.IndexKind;
import java.util.Optional;

/** A row of {@link Inventory}: one index of every kind. */
@Table(name = "items")
public record Item(
    @PrimaryKey(autoIncrement = true) long id,
    @Index(unique = true) String sku,
    @Index(unique = true, kind = IndexKind.HASH) long barcode,
    @Index String category,
    @Index(kind = IndexKind.HASH) int shelf,
    long price,
    Optional<String> note) {}
