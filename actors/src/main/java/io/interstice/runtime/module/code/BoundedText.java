package io.interstice.runtime.module.code;

/**
 * Cuts text a guest controls — refusal and trap messages, log lines, error reports — to a bound
 * before it is returned, logged or persisted, so that no call can make the node carry megabytes of
 * its text. A cut text ends with a marker saying how much was cut.
 */
public final class BoundedText {
  private BoundedText() {}

  /**
   * {@code text} if it has at most {@code max} characters; otherwise its start and a marker, {@code
   * max} characters in all (the marker may take them all for a tiny {@code max}).
   */
  public static String cut(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    var marker = "… [" + text.length() + " characters, cut to " + max + "]";
    int keep = Math.max(0, max - marker.length());
    if (keep > 0 && Character.isHighSurrogate(text.charAt(keep - 1))) {
      keep--; // never split a surrogate pair
    }
    return text.substring(0, keep) + marker;
  }

  /**
   * {@code failure} for the node's log with its message cut to {@code max}: itself if the message
   * fits, else a stand-in that carries the cut message (after the failure's class name) and the
   * failure's stack trace, without its cause.
   */
  public static Throwable forLog(Throwable failure, int max) {
    var message = failure.getMessage();
    if (message == null || message.length() <= max) {
      return failure;
    }
    var cut = new CutFailure(failure.getClass().getName() + ": " + cut(message, max));
    cut.setStackTrace(failure.getStackTrace());
    return cut;
  }

  /** The stand-in {@link #forLog} logs for a failure whose message was too long. */
  private static final class CutFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CutFailure(String message) {
      super(message);
    }
  }
}
