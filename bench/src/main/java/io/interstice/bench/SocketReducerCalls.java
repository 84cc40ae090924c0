package io.interstice.bench;

import io.interstice.runtime.TxReceipt;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Transfers sent as {@code POST /v1/modules/bank/reducers/transfer} over a fixed set of keep-alive
 * HTTP/1.1 connections, each a blocking socket driven by a thread of its own: the request written
 * in one piece, the answer read by its {@code Content-Length}. Next to {@link HttpReducerCalls}
 * (the JDK's {@code HttpClient}) this is the leanest client that still speaks real HTTP over real
 * connections, so that on a machine whose cores the load process shares with the node, the row
 * measures the node's HTTP path rather than the client's.
 *
 * <p>Thread-safety: {@link #send} may be called from any thread; at most {@code connections} calls
 * are sent at once, the others wait for a free connection.
 */
final class SocketReducerCalls implements ClosedLoop.Workload, AutoCloseable {
  private static final int TIMEOUT_MILLIS = 60_000;
  private static final byte[] CRLF2 = {'\r', '\n', '\r', '\n'};

  private final String host;
  private final int port;
  private final String path;
  private final TransferDraws draws;
  private final BlockingQueue<Connection> idle;
  private final ExecutorService senders;

  SocketReducerCalls(String baseUrl, int connections, TransferDraws draws) {
    var uri = URI.create(baseUrl);
    this.host = uri.getHost();
    this.port = uri.getPort();
    this.path = "/v1/modules/" + TransferLoad.MODULE + "/reducers/transfer";
    this.draws = draws;
    this.idle = new ArrayBlockingQueue<>(connections);
    var counter = new AtomicInteger();
    this.senders =
        Executors.newFixedThreadPool(
            connections,
            task -> {
              var thread = new Thread(task, "http-sender-" + counter.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    for (int i = 0; i < connections; i++) {
      idle.add(new Connection());
    }
  }

  @Override
  public CompletionStage<TxReceipt> send(SplittableRandom random) {
    var t = draws.next(random);
    var body = "[" + t.from() + "," + t.to() + "," + t.amount() + "]";
    return CompletableFuture.supplyAsync(() -> exchange(body), senders);
  }

  @Override
  public boolean refused(Throwable error) {
    return TransferLoad.isRefusal(error);
  }

  @Override
  public void close() {
    senders.shutdownNow();
    for (var connection : idle) {
      connection.close();
    }
  }

  private TxReceipt exchange(String body) {
    Connection connection;
    try {
      connection = idle.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a connection", e);
    }
    try {
      return connection.post(body);
    } finally {
      idle.add(connection);
    }
  }

  /** One keep-alive connection, opened on first use and again after a failure. */
  private final class Connection {
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    TxReceipt post(String body) {
      var bytes = body.getBytes(StandardCharsets.UTF_8);
      var head =
          String.format(
              Locale.ROOT,
              "POST %s HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/json\r\n"
                  + "Content-Length: %d\r\n\r\n",
              path,
              host,
              port,
              bytes.length);
      try {
        if (socket == null) {
          socket = new Socket();
          socket.setTcpNoDelay(true);
          socket.setSoTimeout(TIMEOUT_MILLIS);
          socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
          in = new BufferedInputStream(socket.getInputStream(), 8192);
          out = socket.getOutputStream();
        }
        var request = new byte[head.length() + bytes.length];
        System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, request, 0, head.length());
        System.arraycopy(bytes, 0, request, head.length(), bytes.length);
        out.write(request);
        out.flush();
        return read();
      } catch (IOException e) {
        close();
        throw new UncheckedIOException("POST " + path + " failed", e);
      }
    }

    /** Reads one answer: status line and headers up to the blank line, then the body. */
    private TxReceipt read() throws IOException {
      var head = new StringBuilder(256);
      int matched = 0;
      while (matched < CRLF2.length) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("connection closed by the node before an answer");
        }
        head.append((char) b);
        matched = b == CRLF2[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      var lines = head.toString().split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      int length = -1;
      boolean closes = false;
      for (var line : lines) {
        var lower = line.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Integer.parseInt(lower.substring("content-length:".length()).trim());
        } else if (lower.startsWith("connection:") && lower.contains("close")) {
          closes = true;
        }
      }
      if (length < 0) {
        throw new IOException("answer without Content-Length: " + lines[0]);
      }
      var body = in.readNBytes(length);
      if (body.length < length) {
        throw new IOException("connection closed in the middle of an answer");
      }
      if (closes) {
        close();
      }
      return HttpLoad.receipt(status, new String(body, StandardCharsets.UTF_8));
    }

    void close() {
      if (socket != null) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // Closing after a failure: the next call opens a new connection.
        }
        socket = null;
      }
    }
  }
}
