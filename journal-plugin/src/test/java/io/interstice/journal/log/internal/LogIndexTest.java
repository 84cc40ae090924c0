package io.interstice.journal.log.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Paging through the index of one id, as a replay of a long history does. */
class LogIndexTest {
  private static final int FRAMES = 3000;

  /** Frames of "a" at positions 0, 200, 400, ... (one event each), with "b" between them. */
  private static LogIndex index() {
    var index = new LogIndex();
    for (int i = 0; i < FRAMES; i++) {
      index.add("a", 200L * i, i + 1, i + 1);
      index.add("b", 200L * i + 100, i + 1, i + 1);
    }
    return index;
  }

  private static List<IndexEntry> pages(LogIndex index, long fromSeq, long toSeq, int limit) {
    var all = new ArrayList<IndexEntry>();
    long after = -1;
    for (var page = index.frames("a", fromSeq, toSeq, after, limit);
        !page.isEmpty();
        page = index.frames("a", fromSeq, toSeq, after, limit)) {
      assertTrue(page.size() <= limit, "page of " + page.size());
      all.addAll(page);
      after = page.get(page.size() - 1).position();
    }
    return all;
  }

  @Test
  void shouldPageThroughEveryFrameOfTheIdInLogOrder() {
    var frames = pages(index(), 1, Long.MAX_VALUE, 1024);

    assertEquals(FRAMES, frames.size());
    for (int i = 0; i < FRAMES; i++) {
      assertEquals(new IndexEntry(200L * i, i + 1, i + 1), frames.get(i));
    }
  }

  @Test
  void shouldPageOnlyThroughFramesOfTheSequenceRange() {
    var frames = pages(index(), 1500, 2600, 100);

    assertEquals(1101, frames.size());
    assertEquals(1500, frames.get(0).firstSequenceNr());
    assertEquals(2600, frames.get(frames.size() - 1).lastSequenceNr());
  }

  @Test
  void shouldGoOnAfterTheLastPageWhenEarlierFramesAreRemovedBetweenPages() {
    var index = index();
    var first = index.frames("a", 1, Long.MAX_VALUE, -1, 10);
    long after = first.get(first.size() - 1).position();
    index.removeRange(0, 200L * 5); // a segment holding frames 1..5 went away

    var next = index.frames("a", 1, Long.MAX_VALUE, after, 10);

    assertEquals(11, next.get(0).firstSequenceNr());
    assertEquals(10, next.size());
  }
}
