package io.interstice.sdk;

import io.interstice.sdk.schema.Identifiers;
import java.util.Objects;

/**
 * A typed reference to a reducer of another module, for {@link ReducerContext#call}. The argument
 * type {@code A} is a record whose components are the target reducer's parameters in order, or
 * {@link Void} (with {@code null} arguments) for a reducer without parameters. Declare one as a
 * constant next to the code that calls it:
 *
 * <pre>
 * record Post(String channel, String text) {}
 * static final ReducerRef&lt;Post&gt; POST = ReducerRef.of("chat", "post", Post.class);
 * </pre>
 *
 * The target checks the arguments against its reducer's parameters when the call is delivered; a
 * call that does not fit is consumed with its error on record in the target's log.
 *
 * @param <A> the argument record type
 */
public record ReducerRef<A>(String module, String reducer, Class<A> argsType) {
  public ReducerRef {
    Objects.requireNonNull(argsType, "argsType");
    if (!Identifiers.isIdentifier(module) || !Identifiers.isIdentifier(reducer)) {
      throw new ModuleDefinitionException(
          "reducer reference " + module + "." + reducer + ": names must be " + Identifiers.RULE);
    }
    if (!argsType.isRecord() && argsType != Void.class) {
      throw new ModuleDefinitionException(
          "reducer reference "
              + module
              + "."
              + reducer
              + ": argument type "
              + argsType.getName()
              + " must be a record or Void");
    }
  }

  /** A reference to {@code module.reducer} taking the components of {@code argsType}. */
  public static <A extends Record> ReducerRef<A> of(
      String module, String reducer, Class<A> argsType) {
    return new ReducerRef<>(module, reducer, argsType);
  }

  /** A reference to {@code module.reducer} taking no arguments. */
  public static ReducerRef<Void> withoutArgs(String module, String reducer) {
    return new ReducerRef<>(module, reducer, Void.class);
  }

  @Override
  public String toString() {
    return module + "." + reducer + "(" + argsType.getSimpleName() + ")";
  }
}
