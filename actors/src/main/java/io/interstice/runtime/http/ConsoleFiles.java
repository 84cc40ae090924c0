package io.interstice.runtime.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.headers.EntityTag;

/**
 * The web console's static files (docs/console.md), read once from the class path folder {@code
 * console/}. Only the files named here are served, by exact name, so no path can reach anything
 * else. They hold no data: everything the console shows it asks of the API with the token.
 * Immutable, thread-safe.
 */
final class ConsoleFiles {
  private static final String FOLDER = "/console/";
  private static final ContentType JAVASCRIPT =
      ContentTypes.parse("text/javascript; charset=UTF-8");
  private static final ContentType CSS = ContentTypes.parse("text/css; charset=UTF-8");

  /** Every file of the console and its content type. */
  private static final Map<String, ContentType> TYPES =
      Map.ofEntries(
          Map.entry("index.html", ContentTypes.TEXT_HTML_UTF8),
          Map.entry("console.css", CSS),
          Map.entry("app.js", JAVASCRIPT),
          Map.entry("api.js", JAVASCRIPT),
          Map.entry("chart.js", JAVASCRIPT),
          Map.entry("dom.js", JAVASCRIPT),
          Map.entry("prometheus.js", JAVASCRIPT),
          Map.entry("cluster-view.js", JAVASCRIPT),
          Map.entry("modules-view.js", JAVASCRIPT),
          Map.entry("tables-view.js", JAVASCRIPT),
          Map.entry("calls-view.js", JAVASCRIPT),
          Map.entry("log-view.js", JAVASCRIPT));

  /** A file's bytes, type and entity tag (a hash of its bytes). */
  record File(byte[] bytes, ContentType type, EntityTag etag) {}

  private final Map<String, File> files;

  private ConsoleFiles(Map<String, File> files) {
    this.files = files;
  }

  /**
   * Reads every file of the console from the class path.
   *
   * @throws IllegalStateException when one is missing (a broken build)
   */
  static ConsoleFiles load() {
    var loaded = new TreeMap<String, File>();
    TYPES.forEach((name, type) -> loaded.put(name, read(name, type)));
    return new ConsoleFiles(Map.copyOf(loaded));
  }

  /** The file of that exact name, or null when the console has none. */
  File get(String name) {
    return files.get(name);
  }

  private static File read(String name, ContentType type) {
    try (var in = ConsoleFiles.class.getResourceAsStream(FOLDER + name)) {
      if (in == null) {
        throw new IllegalStateException(
            "console file " + FOLDER + name + " is not on the class path");
      }
      var bytes = in.readAllBytes();
      var hash = MessageDigest.getInstance("SHA-256").digest(bytes);
      var tag = HexFormat.of().formatHex(hash, 0, 12);
      return new File(bytes, type, EntityTag.create(tag, false));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read console file " + name, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
