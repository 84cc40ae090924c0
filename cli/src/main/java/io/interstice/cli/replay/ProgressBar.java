package io.interstice.cli.replay;

import java.io.PrintWriter;

/**
 * A progress bar on stderr for long work: redrawn in place ({@code \r}) at each whole percent, and
 * only for work of at least {@link #MIN_STEPS} steps, so short runs print nothing. Used by one
 * thread.
 */
final class ProgressBar {
  static final int MIN_STEPS = 10_000;
  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final long total;
  private final boolean shown;
  private long done;
  private int percent = -1;

  ProgressBar(PrintWriter err, long total, boolean enabled) {
    this.err = err;
    this.total = total;
    this.shown = enabled && total >= MIN_STEPS;
  }

  void step() {
    done++;
    if (!shown) {
      return;
    }
    int now = (int) (done * 100 / total);
    if (now == percent) {
      return;
    }
    percent = now;
    int filled = now * WIDTH / 100;
    err.printf(
        "\r[%s%s] %3d%% %d/%d events",
        "#".repeat(filled), " ".repeat(WIDTH - filled), now, done, total);
    err.flush();
  }

  void done() {
    if (shown && percent >= 0) {
      err.println();
      err.flush();
    }
  }
}
