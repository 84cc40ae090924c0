package io.interstice.runtime.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import io.interstice.runtime.ErrorKind;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The web console's routes: {@code GET /} answers its page and {@code GET /console/<file>} its
 * scripts and style sheet ({@link ConsoleFiles}). They carry no data, so they need no token; the
 * page asks for the token and sends it with every request of the API. Each answer may be cached but
 * is revalidated by its entity tag, so a new node version is picked up at once; the page's content
 * security policy lets it load and connect only to its own node. Thread-safe.
 */
final class ConsoleRoutes extends AllDirectives {
  /** What the page may load and whom it may talk to: its own node only. */
  private static final String POLICY =
      "default-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none';"
          + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private static final List<HttpHeader> HEADERS =
      List.of(
          RawHeader.create("Cache-Control", "no-cache"),
          RawHeader.create("X-Content-Type-Options", "nosniff"),
          RawHeader.create("Referrer-Policy", "no-referrer"),
          RawHeader.create("Content-Security-Policy", POLICY));

  private final ConsoleFiles files;
  private final Duration retryAfter;

  ConsoleRoutes(ConsoleFiles files, Duration retryAfter) {
    this.files = files;
    this.retryAfter = retryAfter;
  }

  Route route() {
    return concat(
        pathSingleSlash(() -> get(() -> serve("index.html"))),
        path(segment("console").slash(segment()), name -> get(() -> serve(name))));
  }

  private Route serve(String name) {
    var file = files.get(name);
    if (file == null) {
      return complete(
          ApiErrors.response(
              ErrorKind.UNKNOWN_ROUTE, "the console has no file named " + cut(name), retryAfter));
    }
    return respondWithHeaders(
        HEADERS,
        () ->
            conditional(
                file.etag(),
                () ->
                    complete(
                        HttpResponse.create()
                            .withStatus(StatusCodes.OK)
                            .withEntity(file.type(), file.bytes()))));
  }

  private static String cut(String name) {
    return name.length() <= 100 ? name : name.substring(0, 100) + "...";
  }
}
