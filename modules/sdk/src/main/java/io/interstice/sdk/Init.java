package io.interstice.sdk;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the reducer the runtime calls once, in the transaction that first deploys the module (seed
 * data, counters). It takes only a {@link ReducerContext}. Private unless also annotated {@link
 * Reducer} with another visibility; named after the method unless {@link Reducer} names it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Init {}
