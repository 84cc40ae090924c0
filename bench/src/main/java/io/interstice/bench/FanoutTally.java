package io.interstice.bench;

import io.interstice.runtime.node.IntersticeNode;
import org.HdrHistogram.Histogram;

/**
 * What the tables of a fan-out run say, read after every delivery arrived: the feed's posts and the
 * rows each subscriber wrote for them. Counts the posts committed in the measured window, the
 * deliveries committed in it (a delivery's commit time is its post's {@code sent_at} plus its
 * {@code delay_micros}), the delays of the window's posts, and whether every post of the load
 * reached every subscriber exactly once.
 *
 * @param posts posts whose transaction timestamp lies in the window
 * @param deliveries subscriber transactions (all subscribers) whose timestamp lies in the window
 * @param delays commit-to-delivery-commit delays of the window's posts, all subscribers, in ns
 * @param exactlyOnce every post of the load has exactly one row in every subscriber, and every
 *     subscriber ran exactly one transaction per post
 * @param missing posts of the load without a row, summed over the subscribers
 */
record FanoutTally(
    long posts, long deliveries, Histogram delays, boolean exactlyOnce, long missing) {

  /**
   * Reads the tables: posts {@code firstPost..lastPost} are the load's; subscriber {@code i} had
   * run {@code baseTx[i]} transactions before it and must have run exactly one per post since.
   */
  static FanoutTally read(
      IntersticeNode node,
      long firstPost,
      long lastPost,
      long[] baseTx,
      long windowStartMicros,
      long windowEndMicros) {
    var sentAt = new long[(int) lastPost + 1];
    long posts = 0;
    for (var row : node.rows(FanoutFeed.MODULE, FanoutFeed.TABLE)) {
      int id = (int) (long) (Long) row[0];
      sentAt[id] = (Long) row[2];
      if (id >= firstPost && inWindow(sentAt[id], windowStartMicros, windowEndMicros)) {
        posts++;
      }
    }
    long expected = lastPost - firstPost + 1;
    long deliveries = 0;
    long missing = 0;
    boolean exactlyOnce = true;
    var delays = new Histogram(3);
    for (int i = 0; i < baseTx.length; i++) {
      var module = FanoutSubscribers.name(i + 1);
      long rows = 0;
      for (var row : node.rows(module, FanoutSubscribers.TABLE)) {
        long id = (Long) row[0];
        long delay = (Long) row[1];
        if (id < firstPost) {
          continue;
        }
        rows++;
        if (inWindow(sentAt[(int) id] + delay, windowStartMicros, windowEndMicros)) {
          deliveries++;
        }
        if (inWindow(sentAt[(int) id], windowStartMicros, windowEndMicros)) {
          delays.recordValue(Math.max(0, delay * 1000));
        }
      }
      long transactions = node.describe(module).lastTxId() - baseTx[i];
      missing += expected - rows;
      exactlyOnce &= rows == expected && transactions == expected;
    }
    return new FanoutTally(posts, deliveries, delays, exactlyOnce, missing);
  }

  private static boolean inWindow(long micros, long start, long end) {
    return micros >= start && micros < end;
  }
}
