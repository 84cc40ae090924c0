package io.interstice.tests.damage;

/** The kinds of damage the suite applies, one per case, in this rotation. */
enum FaultKind {
  /** One bit of the file inverted: bit rot, a bad cable. */
  BIT_FLIP("bit flip"),
  /** The file cut to a random shorter length: a lost tail, a file system repaired after a crash. */
  TRUNCATION("truncation"),
  /** Up to 4 KiB from a random offset set to zero: a block the device lost. */
  ZEROED_BLOCK("zeroed block"),
  /** Up to 4 KiB of the file copied over another place of it: a misdirected write. */
  DUPLICATED_BLOCK("duplicated block"),
  /** The file gone: an operator's mistake, a file system that lost a directory entry. */
  DELETION("deletion");

  /** Largest block the block faults touch. */
  static final int BLOCK = 4096;

  private final String label;

  FaultKind(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }
}
