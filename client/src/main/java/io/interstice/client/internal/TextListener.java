package io.interstice.client.internal;

import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;

/**
 * A WebSocket listener that hands on whole text messages (the JDK may deliver one in parts), one at
 * a time, asking for the next once each is handled. Binary messages are ignored: the node sends
 * none. Called by one thread at a time, as the JDK guarantees.
 */
abstract class TextListener implements WebSocket.Listener {
  private final StringBuilder text = new StringBuilder();

  /** One whole text message. */
  abstract void message(String message);

  /** The node closed the socket. */
  abstract void closed(int status, String reason);

  /** The socket failed; nothing follows. */
  abstract void failed(Throwable error);

  @Override
  public final CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
    text.append(data);
    if (last) {
      var whole = text.toString();
      text.setLength(0);
      message(whole);
    }
    socket.request(1);
    return null;
  }

  @Override
  public final CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
    closed(status, reason);
    return null;
  }

  @Override
  public final void onError(WebSocket socket, Throwable error) {
    failed(error);
  }
}
