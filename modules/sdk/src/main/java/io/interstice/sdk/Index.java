package io.interstice.sdk;

import io.interstice.sdk.schema.IndexKind;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Adds a secondary index on one record component, used by {@link TableHandle#findUnique}, {@link
 * TableHandle#findAll} and {@link TableHandle#range}. A unique index refuses a second row with the
 * same value (the reducer fails).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Index {
  /** The index name; by default the column name. */
  String name() default "";

  IndexKind kind() default IndexKind.BTREE;

  boolean unique() default false;
}
