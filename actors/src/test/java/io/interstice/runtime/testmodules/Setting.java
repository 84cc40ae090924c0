package io.interstice.runtime.testmodules;

import io.interstice.sdk.PrimaryKey;
import io.interstice.sdk.Table;
import io.interstice.sdk.schema.Visibility;

/** A private table of {@link Inventory}, filled by its init reducer. */
@Table(name = "settings", visibility = Visibility.PRIVATE)
public record Setting(@PrimaryKey String key, String value) {}
