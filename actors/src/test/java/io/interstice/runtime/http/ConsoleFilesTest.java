package io.interstice.runtime.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The console's files as {@link ConsoleFiles} serves them, and the WebSocket token of {@link
 * BearerToken}: every file of the console folder is served (a new one cannot be forgotten), every
 * module a script imports exists, nothing else is, and a token offered as a subprotocol matches
 * only when it is the token.
 */
class ConsoleFilesTest {
  private static final Path FOLDER = Path.of("src", "main", "resources", "console");
  private static final Pattern IMPORT = Pattern.compile("from '\\./([\\w.-]+)'");

  @Test
  void shouldServeEveryFileOfTheConsoleFolderByExactNameOnly() throws Exception {
    var files = ConsoleFiles.load();
    try (var listed = Files.list(FOLDER)) {
      for (var path : listed.toList()) {
        var name = path.getFileName().toString();
        var served = files.get(name);
        assertNotNull(served, name + " is in the console folder but not served");
        assertArrayEquals(Files.readAllBytes(path), served.bytes());
        var text = Files.readString(path);
        for (var imported : IMPORT.matcher(text).results().toList()) {
          assertNotNull(files.get(imported.group(1)), name + " imports " + imported.group(0));
        }
      }
    }
    assertEquals("text/javascript; charset=UTF-8", files.get("app.js").type().toString());
    assertTrue(files.get("index.html").type().toString().startsWith("text/html"));
    for (var other : new String[] {"", "..", "../index.html", "console/app.js", "APP.JS", "/"}) {
      assertNull(files.get(other), other);
    }
  }

  @Test
  void shouldMatchATokenOfferedAsAWebSocketSubprotocolOnlyWhenItIsTheToken() {
    var token = new BearerToken("s3cret/+é");
    assertTrue(token.matchesProtocols("interstice, " + protocol("s3cret/+é")));
    assertTrue(token.matchesProtocols(protocol("wrong") + "," + protocol("s3cret/+é")));
    assertTrue(!token.matchesProtocols("interstice, " + protocol("s3cret")));
    assertTrue(!token.matchesProtocols("interstice"));
    assertTrue(!token.matchesProtocols("bearer."));
    assertTrue(!token.matchesProtocols("bearer.%%%"));
    assertTrue(!token.matchesProtocols("s3cret/+é"));
  }

  private static String protocol(String token) {
    return BearerToken.PROTOCOL_PREFIX
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
