package io.interstice.tests.modules;

import io.interstice.sdk.Module;
import io.interstice.sdk.PrimaryKey;
import io.interstice.sdk.Reducer;
import io.interstice.sdk.ReducerContext;
import io.interstice.sdk.Table;

/**
 * A module whose reducer fails with an unexpected exception (a bug, not a refusal), so that the
 * node logs a warning about the call: the structured log tests read its MDC keys.
 */
@Module(
    name = "faulty",
    tables = {Faulty.Note.class})
public final class Faulty {
  private Faulty() {}

  /** A note written before each failure, rolled back with it. */
  @Table(name = "notes")
  public record Note(@PrimaryKey(autoIncrement = true) long id, String text) {}

  @Reducer
  public static void fail(ReducerContext ctx, String text) {
    ctx.table(Note.class).insert(new Note(0, text));
    throw new IllegalStateException("broken on purpose: " + text);
  }
}
