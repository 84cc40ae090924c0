/* A module that misbehaves on purpose, one reducer per way, for the host's limit tests. Each
   reducer but add() breaks the ABI or a limit; the host must abort just that call, leave every
   table as it was, and go on serving. */
#include "interstice.h"

enum { ITEMS };
enum { ADD, SPIN, BOMB, RECURSE, HALF, FOREIGN, ITERATORS, NESTED_LOOP, PLUNGE };
enum { COUNT };

void ix_module_schema(ix_buf *out) {
  ix_schema_begin(out, "hostile", 1, IX_PUBLIC);

  ix_schema_count(out, 1);
  ix_schema_table(out, "items", 2);
  ix_schema_column(out, "id", IX_I64);
  ix_schema_column(out, "note", IX_STRING);
  ix_schema_keys(out, 0, 1, 0);
  ix_schema_table_end(out, IX_LOGGED, IX_PUBLIC);

  ix_schema_count(out, 9);
  ix_schema_reducer(out, "add", 1);
  ix_schema_param(out, "note", IX_STRING);
  ix_schema_reducer_end(out, IX_PUBLIC, IX_LIFECYCLE_NONE);
  ix_schema_reducer(out, "spin", 0);
  ix_schema_reducer_end(out, IX_PUBLIC, IX_LIFECYCLE_NONE);
  ix_schema_reducer(out, "bomb", 0);
  ix_schema_reducer_end(out, IX_PUBLIC, IX_LIFECYCLE_NONE);
  ix_schema_reducer(out, "recurse", 1);
  ix_schema_param(out, "depth", IX_I64);
  ix_schema_reducer_end(out, IX_PUBLIC, IX_LIFECYCLE_NONE);
  ix_schema_reducer(out, "half", 1);
  ix_schema_param(out, "rows", IX_I64);
  ix_schema_reducer_end(out, IX_PUBLIC, IX_LIFECYCLE_NONE);
  ix_schema_reducer(out, "foreign", 0);
  ix_schema_reducer_end(out, IX_PUBLIC, IX_LIFECYCLE_NONE);
  ix_schema_reducer(out, "iterators", 0);
  ix_schema_reducer_end(out, IX_PUBLIC, IX_LIFECYCLE_NONE);
  ix_schema_reducer(out, "nested_loop", 0);
  ix_schema_reducer_end(out, IX_PUBLIC, IX_LIFECYCLE_NONE);
  ix_schema_reducer(out, "plunge", 1);
  ix_schema_param(out, "depth", IX_I64);
  ix_schema_reducer_end(out, IX_PUBLIC, IX_LIFECYCLE_NONE);

  ix_schema_count(out, 1);
  ix_schema_query(out, "count", 0);
  ix_schema_query_end(out, IX_I64);

  ix_schema_count(out, 0);
}

static int insert_note(const uint8_t *note, uint32_t len) {
  ix_buf row = {0};
  ix_put_i64(&row, 0);
  ix_put_stringn(&row, note, len);
  ix_slice stored;
  if (ix_table_insert(ITEMS, row.data, row.len, &stored) != IX_OK) {
    return ix_refuse_with(stored);
  }
  return IX_OK;
}

/* Recursion the compiler cannot turn into a loop: each frame passes the address of a local. */
__attribute__((noinline)) static int64_t deep(int64_t n, volatile int64_t *above) {
  volatile int64_t here = n + *above;
  if (n <= 0) {
    return here;
  }
  return deep(n - 1, &here) + here;
}

/* Recursion that keeps nothing in linear memory (no shadow stack), so only the host's stack and
   the depth limit can stop it; not a tail call, and not an accumulation the compiler could fold. */
static volatile int64_t factor = 3;

__attribute__((noinline)) static int64_t plunge(int64_t n) {
  if (n <= 0) {
    return 1;
  }
  return plunge(n - 1) * factor + 1;
}

static volatile uint32_t spins;

int ix_module_reducer(int32_t reducer, ix_reader *args) {
  switch (reducer) {
    case ADD: {
      ix_slice note = ix_get_string(args);
      ix_end(args);
      return insert_note(note.ptr, note.len);
    }
    case SPIN:
      ix_end(args);
      insert_note((const uint8_t *)"before the loop", 15);
      for (;;) {
        spins++;
      }
    case BOMB:
      ix_end(args);
      insert_note((const uint8_t *)"before the bomb", 15);
      for (;;) {
        ix_alloc(1u << 20);
      }
    case RECURSE: {
      int64_t depth = ix_get_i64(args);
      ix_end(args);
      volatile int64_t start = 0;
      int64_t result = deep(depth, &start);
      ix_buf note = {0};
      ix_text(&note, "recursed ");
      ix_text_i64(&note, result >= 0 ? depth : -1);
      return insert_note(note.data, note.len);
    }
    case HALF: {
      int64_t rows = ix_get_i64(args);
      ix_end(args);
      for (int64_t i = 0; i < rows; i++) {
        insert_note((const uint8_t *)"half", 4);
      }
      __builtin_trap();
    }
    case FOREIGN: {
      ix_end(args);
      insert_note((const uint8_t *)"mine", 4);
      /* Table 1 does not exist in this module's schema: no id names another module's table. */
      ix_buf row = {0};
      ix_put_i64(&row, 0);
      ix_put_string(&row, "theirs");
      ix_slice stored;
      ix_table_insert(1, row.data, row.len, &stored);
      return IX_OK;
    }
    case ITERATORS:
      ix_end(args);
      insert_note((const uint8_t *)"leak", 4);
      for (;;) {
        ix_table_scan(ITEMS); /* never closed */
      }
    case NESTED_LOOP:
      ix_end(args);
      /* A loop that calls nothing and only branches backwards. */
      for (uint32_t i = 0;; i++) {
        spins += i;
      }
    case PLUNGE: {
      int64_t depth = ix_get_i64(args);
      ix_end(args);
      plunge(depth);
      return insert_note((const uint8_t *)"plunged", 7);
    }
    default:
      __builtin_trap();
  }
}

int ix_module_query(int32_t query, ix_reader *args, ix_buf *result) {
  (void)query;
  ix_end(args);
  int32_t it = ix_table_scan(ITEMS);
  int64_t n = 0;
  ix_slice row;
  while (ix_iter_next(it, &row) == IX_OK) {
    n++;
  }
  ix_iter_close(it);
  ix_put_i64(result, n);
  return IX_OK;
}
