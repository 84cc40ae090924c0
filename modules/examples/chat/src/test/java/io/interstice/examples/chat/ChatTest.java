package io.interstice.examples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.sdk.internal.JavaModuleDefinition;
import io.interstice.sdk.internal.JavaModuleIntrospector;
import io.interstice.sdk.schema.ColumnSchema;
import io.interstice.sdk.schema.IndexKind;
import io.interstice.sdk.schema.IndexSchema;
import io.interstice.sdk.schema.Lifecycle;
import io.interstice.sdk.schema.ParamSchema;
import io.interstice.sdk.schema.QuerySchema;
import io.interstice.sdk.schema.ReducerSchema;
import io.interstice.sdk.schema.Visibility;
import io.interstice.sdk.value.Type;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatTest {
  private final JavaModuleDefinition chat = JavaModuleIntrospector.introspect(Chat.class);

  @Test
  void shouldBeAValidPublicModuleNamedChat() {
    var schema = chat.schema();
    assertEquals("chat", schema.name());
    assertEquals(1, schema.version());
    assertEquals(Visibility.PUBLIC, schema.visibility());
    assertEquals(List.of(), schema.validate());
    assertEquals(List.of(), schema.subscriptions());
  }

  @Test
  void shouldListUsersThenMessages() {
    assertEquals(
        List.of("users", "messages"), chat.schema().tables().stream().map(t -> t.name()).toList());
    assertEquals(User.class, chat.table("users").orElseThrow().mapper().type());
    assertEquals(Message.class, chat.table("messages").orElseThrow().mapper().type());
  }

  @Test
  void shouldKeyUsersByTheirName() {
    var users = chat.schema().table("users").orElseThrow();
    assertEquals(
        List.of(ColumnSchema.of("name", Type.string()), ColumnSchema.of("joined_at", Type.i64())),
        users.columns());
    assertEquals("name", users.primaryKeyColumn().name());
    assertFalse(users.autoIncrement());
    assertEquals(List.of(), users.indexes());
  }

  @Test
  void shouldKeyMessagesByAGeneratedIdAndIndexTheirChannel() {
    var messages = chat.schema().table("messages").orElseThrow();
    assertEquals(
        List.of(
            ColumnSchema.of("id", Type.i64()),
            ColumnSchema.of("channel", Type.string()),
            ColumnSchema.of("sender", Type.string()),
            ColumnSchema.of("text", Type.string()),
            ColumnSchema.of("sent_at", Type.i64())),
        messages.columns());
    assertEquals("id", messages.primaryKeyColumn().name());
    assertTrue(messages.autoIncrement());
    assertEquals(
        List.of(new IndexSchema("channel", List.of(1), IndexKind.BTREE, false)),
        messages.indexes());
  }

  @Test
  void shouldOfferPostAndRegisterAsPublicReducers() {
    assertEquals(
        List.of(
            ReducerSchema.of(
                "post",
                ParamSchema.of("sender", Type.string()),
                ParamSchema.of("channel", Type.string()),
                ParamSchema.of("text", Type.string())),
            ReducerSchema.of("register", ParamSchema.of("name", Type.string()))),
        chat.schema().reducers());
    assertTrue(
        chat.schema().reducers().stream()
            .allMatch(r -> r.visibility() == Visibility.PUBLIC && r.lifecycle() == Lifecycle.NONE));
  }

  @Test
  void shouldOfferRecentReturningAListOfMessages() {
    var message =
        Type.struct(
            Type.field("id", Type.i64()),
            Type.field("channel", Type.string()),
            Type.field("sender", Type.string()),
            Type.field("text", Type.string()),
            Type.field("sent_at", Type.i64()));
    assertEquals(
        List.of(
            QuerySchema.of(
                "recent",
                Type.list(message),
                ParamSchema.of("channel", Type.string()),
                ParamSchema.of("limit", Type.i32()))),
        chat.schema().queries());
  }
}
