package io.interstice.tests.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The client keeps its own copy of the node's error kinds (it depends on nothing of the runtime):
 * this is what keeps the copy whole. Every kind the node can name in an error body is one the
 * client knows, and the client's extra kinds are only those for requests no node answered.
 */
class ErrorKindParityTest {
  private static final Set<String> CLIENT_ONLY =
      Set.of("CONNECTION", "TIMEOUT", "PROTOCOL", "UNKNOWN");

  @Test
  void shouldKnowEveryKindTheNodeNamesAndNoOthersButItsOwn() {
    var node = names(io.interstice.runtime.ErrorKind.values());
    var client = names(io.interstice.client.ErrorKind.values());
    var missing = new TreeSet<>(node);
    missing.removeAll(client);
    assertEquals(Set.of(), missing, "kinds the node names but the client does not know");
    var extra = new TreeSet<>(client);
    extra.removeAll(node);
    assertEquals(new TreeSet<>(CLIENT_ONLY), extra, "the client's own kinds");
  }

  private static Set<String> names(Enum<?>[] kinds) {
    return Arrays.stream(kinds).map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
  }
}
