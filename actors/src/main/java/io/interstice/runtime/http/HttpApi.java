package io.interstice.runtime.http;

import com.typesafe.config.ConfigFactory;
import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.node.IntersticeNode;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.settings.ServerSettings;

/**
 * A node's HTTP API, served on the node's actor system ({@link ApiRoutes} has the routes). Started
 * after the node, it answers {@code /health} with 200 until the node begins to shut down; the
 * node's coordinated shutdown then stops accepting connections, gives requests already received
 * {@code shutdown-deadline} to be answered, and only then stops the modules and closes the log.
 *
 * <p>Thread-safe.
 */
public final class HttpApi implements AutoCloseable {
  private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);

  private final ServerBinding binding;
  private final AtomicBoolean serving;
  private final HttpSettings settings;

  private HttpApi(ServerBinding binding, AtomicBoolean serving, HttpSettings settings) {
    this.binding = binding;
    this.serving = serving;
    this.settings = settings;
  }

  /**
   * Serves {@code node} as {@code settings} say.
   *
   * @throws HttpServerException when the settings are refused or the address cannot be bound
   */
  public static HttpApi start(IntersticeNode node, HttpSettings settings) {
    settings.validate();
    var system = node.system();
    var serving = new AtomicBoolean(false);
    var route = new ApiRoutes(node, settings, serving).route();
    var server =
        ServerSettings.create(
            ConfigFactory.parseMap(
                    Map.of(
                        "pekko.http.server.idle-timeout",
                        settings.idleTimeout().toMillis() + "ms",
                        "pekko.http.server.request-timeout",
                        settings.requestTimeout().toMillis() + "ms",
                        "pekko.http.server.max-connections",
                        settings.maxConnections(),
                        // A quiet subscription is not idle: the node pings it well within
                        // idle-timeout, so only a dead peer is dropped.
                        "pekko.http.server.websocket.periodic-keep-alive-max-idle",
                        Math.max(1, settings.idleTimeout().toMillis() / 3) + "ms",
                        "pekko.http.server.parsing.max-content-length",
                        Math.max(settings.maxJsonBody(), settings.maxWasmBody())))
                .withFallback(system.settings().config()));
    ServerBinding binding;
    try {
      binding =
          Http.get(system)
              .newServerAt(settings.bind(), settings.port())
              .withSettings(server)
              .bind(route)
              .toCompletableFuture()
              .get(BIND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new HttpServerException(
          ErrorKind.UNAVAILABLE,
          "cannot listen on "
              + settings.bind()
              + ":"
              + settings.port()
              + ": "
              + bindFailure(e.getCause()),
          e.getCause());
    } catch (TimeoutException e) {
      throw new HttpServerException(
          ErrorKind.UNAVAILABLE,
          "cannot listen on " + settings.bind() + ":" + settings.port() + ": bind timed out");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HttpServerException(ErrorKind.UNAVAILABLE, "interrupted while binding", e);
    }
    var shutdown = CoordinatedShutdown.get(system);
    shutdown.addTask(
        CoordinatedShutdown.PhaseBeforeServiceUnbind(),
        "interstice-http-not-serving",
        () -> {
          serving.set(false);
          return CompletableFuture.completedFuture(Done.getInstance());
        });
    binding.addToCoordinatedShutdown(settings.shutdownDeadline(), system);
    serving.set(true);
    return new HttpApi(binding, serving, settings);
  }

  /** The address the API listens on (its port, when the settings asked for port 0). */
  public InetSocketAddress address() {
    return binding.localAddress();
  }

  /** The base URL of the API, such as {@code http://127.0.0.1:8080}. */
  public String url() {
    var address = address();
    var host = address.getAddress().getHostAddress();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  /** True while {@code /health} answers 200. */
  public boolean serving() {
    return serving.get();
  }

  /**
   * Stops serving: refuses new connections and gives requests already received {@code
   * shutdown-deadline} to be answered. The node goes on running.
   */
  @Override
  public void close() {
    serving.set(false);
    try {
      binding
          .terminate(settings.shutdownDeadline())
          .toCompletableFuture()
          .get(settings.shutdownDeadline().toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      throw new HttpServerException(ErrorKind.UNAVAILABLE, "HTTP API did not stop: " + e, e);
    }
  }

  private static String bindFailure(Throwable cause) {
    for (var c = cause; c != null; c = c.getCause()) {
      if (c instanceof java.net.BindException bind) {
        var message = bind.getMessage() == null ? "" : bind.getMessage();
        return message.toLowerCase(java.util.Locale.ROOT).contains("in use")
            ? "address already in use"
            : message;
      }
    }
    return String.valueOf(cause.getMessage());
  }
}
