package io.interstice.sdk.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SubscriptionSchemaTest {

  @Test
  void shouldParseAPattern() {
    var subscription = SubscriptionSchema.parse("chat.messages.insert", "on_message");
    assertEquals(
        new SubscriptionSchema("chat", "messages", RowEvent.INSERT, "on_message"), subscription);
    assertEquals("chat.messages.insert", subscription.pattern());
    assertEquals(RowEvent.DELETE, SubscriptionSchema.parse("a.b.delete", "r").event());
  }

  @Test
  void shouldExplainWhyAPatternIsMalformed() {
    assertEquals(
        Optional.of("expected <module>.<table>.<insert|update|delete>"),
        SubscriptionSchema.malformation("chat.messages"));
    assertEquals(
        Optional.of("expected <module>.<table>.<insert|update|delete>"),
        SubscriptionSchema.malformation("a.b.c.insert"));
    assertEquals(
        Optional.of("'Chat' is not a name ([a-z][a-z0-9_]*, at most 64 characters)"),
        SubscriptionSchema.malformation("Chat.messages.insert"));
    assertEquals(
        Optional.of("'' is not a name ([a-z][a-z0-9_]*, at most 64 characters)"),
        SubscriptionSchema.malformation("chat..insert"));
    assertEquals(
        Optional.of("unknown event 'INSERT', expected insert, update or delete"),
        SubscriptionSchema.malformation("chat.messages.INSERT"));
    assertEquals(Optional.empty(), SubscriptionSchema.malformation("chat.messages.update"));
  }

  @Test
  void shouldRefuseToParseAMalformedPattern() {
    var error =
        assertThrows(
            SchemaValidationException.class, () -> SubscriptionSchema.parse("chat", "on_message"));
    assertEquals(
        "subscription pattern 'chat' is malformed: expected <module>.<table>.<insert|update|delete>",
        error.getMessage());
  }
}
