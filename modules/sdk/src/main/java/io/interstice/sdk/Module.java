package io.interstice.sdk;

import io.interstice.sdk.schema.Visibility;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the class of a Java module. The class holds the module's reducers and queries as methods
 * (static, or instance methods of one instance made with its no-argument constructor) and lists its
 * tables, in order, in {@link #tables()}:
 *
 * <pre>
 * &#64;Module(name = "bank", tables = {Account.class})
 * public final class Bank {
 *   &#64;Reducer
 *   public static void deposit(ReducerContext ctx, long account, long amount) { ... }
 * }
 * </pre>
 *
 * Names in the schema are the Java names in snake_case ({@code openAccount} → {@code open_account})
 * unless given explicitly; compile with {@code -parameters} so that parameter names are kept.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Module {
  /** The module name: {@code [a-z][a-z0-9_]*}, at most 64 characters. */
  String name();

  /** The schema version; an upgrade deploys a higher one. */
  int version() default 1;

  Visibility visibility() default Visibility.PUBLIC;

  /**
   * The module's tables: records annotated {@link Table}, in schema order. Listing them (rather
   * than discovering them) keeps the order stable and lets records live in their own files.
   */
  Class<? extends Record>[] tables() default {};
}
