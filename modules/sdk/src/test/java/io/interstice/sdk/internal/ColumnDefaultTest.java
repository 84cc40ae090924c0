package io.interstice.sdk.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.sdk.Default;
import io.interstice.sdk.Module;
import io.interstice.sdk.ModuleDefinitionException;
import io.interstice.sdk.PrimaryKey;
import io.interstice.sdk.Table;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ColumnDefaultTest {
  @Table(name = "stock")
  public record Stock(
      @PrimaryKey long id,
      @Default("5") int quantity,
      @Default("\"new\"") String state,
      @Default("null") Optional<Long> price,
      String label) {}

  @Module(name = "store", tables = Stock.class)
  public static final class Store {}

  @Table(name = "broken")
  public record Broken(@PrimaryKey long id, @Default("\"five\"") int quantity) {}

  @Module(name = "broken", tables = Broken.class)
  public static final class BrokenStore {}

  @Table(name = "garbled")
  public record Garbled(@PrimaryKey long id, @Default("{") int quantity) {}

  @Module(name = "garbled", tables = Garbled.class)
  public static final class GarbledStore {}

  @Test
  void shouldReadDefaultsAsJsonOfTheColumnType() {
    var table = JavaModuleIntrospector.introspect(Store.class).schema().table("stock").get();
    assertEquals(5, table.columns().get(1).defaultValue());
    assertEquals("new", table.columns().get(2).defaultValue());
    assertNull(table.columns().get(3).defaultValue());
    assertNull(table.columns().get(4).defaultValue());
  }

  @Test
  void shouldRefuseADefaultThatDoesNotFitItsColumn() {
    var wrongType =
        assertThrows(
            ModuleDefinitionException.class,
            () -> JavaModuleIntrospector.introspect(BrokenStore.class));
    assertTrue(wrongType.getMessage().contains("broken.quantity"), wrongType.getMessage());
    var notJson =
        assertThrows(
            ModuleDefinitionException.class,
            () -> JavaModuleIntrospector.introspect(GarbledStore.class));
    assertTrue(notJson.getMessage().contains("is not JSON"), notJson.getMessage());
  }
}
