package io.interstice.bench;

import java.util.SplittableRandom;

/**
 * The transfers of the bank load, drawn the same way wherever they are sent from (in the node's JVM
 * or over HTTP): {@code from} and {@code to} two different accounts drawn from a Zipf distribution
 * over the accounts (a seeded permutation decides which accounts are the hot ones), the amount
 * uniformly from 1..maxAmount.
 *
 * <p>Thread-safety: immutable once built; each caller draws from its own random generator.
 */
final class TransferDraws {
  /** One transfer to send. */
  record Transfer(long from, long to, long amount) {}

  private final ZipfSampler zipf;
  private final long[] accountOfRank;
  private final long maxAmount;

  TransferDraws(TransferSettings settings, ZipfSampler zipf) {
    this.zipf = zipf;
    this.accountOfRank = hotAccounts(settings.accounts(), settings.seed());
    this.maxAmount = settings.maxAmount();
  }

  Transfer next(SplittableRandom random) {
    long from = accountOfRank[zipf.next(random) - 1];
    long to;
    do {
      to = accountOfRank[zipf.next(random) - 1];
    } while (to == from);
    return new Transfer(from, to, 1 + random.nextLong(maxAmount));
  }

  /** Account ids by Zipf rank: a seeded shuffle of 1..n, so the hot accounts are spread out. */
  private static long[] hotAccounts(int accounts, long seed) {
    var ids = new long[accounts];
    for (int i = 0; i < accounts; i++) {
      ids[i] = i + 1;
    }
    var random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    for (int i = accounts - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      long swap = ids[i];
      ids[i] = ids[j];
      ids[j] = swap;
    }
    return ids;
  }
}
