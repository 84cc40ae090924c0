package io.interstice.tests;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Ports of 127.0.0.1 that were free a moment ago, for the servers tests start. Another process may
 * take one before the server binds it; tests that start servers this way accept that small race.
 * Stateless.
 */
public final class FreePorts {
  private FreePorts() {}

  /** A port nothing listened on when asked. */
  public static int one() throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** The first of {@code n} consecutive ports nothing listened on when asked. */
  public static int consecutive(int n) throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int first = one();
      if (first + n - 1 > 65535) {
        continue;
      }
      boolean free = true;
      for (int port = first + 1; port < first + n && free; port++) {
        try (var socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
          free = true;
        } catch (IOException e) {
          free = false;
        }
      }
      if (free) {
        return first;
      }
    }
    throw new IllegalStateException("no " + n + " consecutive free ports on 127.0.0.1");
  }
}
